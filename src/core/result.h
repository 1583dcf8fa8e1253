// Result<T>: either a value or an Error. Functions that can fail for reasons a user or an
// operator must hear about return one; exceptions stay for bugs and start-up.
#pragma once

#include "core/error.h"

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace tablero {

// Builds an Error in one expression: `return fail(ErrorCode::not_found, "no such plan", code);`
inline Error fail(ErrorCode code, std::string message, std::string where = {})
{
    return Error{code, std::move(message), std::move(where)};
}

template <typename T> class [[nodiscard]] Result {
public:
    Result(T value) : m_state(std::in_place_index<0>, std::move(value)) { }
    Result(Error error) : m_state(std::in_place_index<1>, std::move(error)) { }

    bool ok() const { return m_state.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() &
    {
        assert(ok());
        return std::get<0>(m_state);
    }
    const T& value() const&
    {
        assert(ok());
        return std::get<0>(m_state);
    }
    T&& value() &&
    {
        assert(ok());
        return std::get<0>(std::move(m_state));
    }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    const Error& error() const&
    {
        assert(!ok());
        return std::get<1>(m_state);
    }
    Error&& error() &&
    {
        assert(!ok());
        return std::get<1>(std::move(m_state));
    }

private:
    std::variant<T, Error> m_state;
};

template <> class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)), m_failed(true) { }

    bool ok() const { return !m_failed; }
    explicit operator bool() const { return ok(); }
    const Error& error() const&
    {
        assert(m_failed);
        return m_error;
    }
    Error&& error() &&
    {
        assert(m_failed);
        return std::move(m_error);
    }

private:
    Error m_error;
    bool m_failed = false;
};

}  // namespace tablero
