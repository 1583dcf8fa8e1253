// The one place the current time is read. Rules never read a clock: the edges read it here and
// pass "today" in, and tests use FakeClock.
#pragma once

#include "core/date.h"

#include <atomic>
#include <chrono>

namespace tablero {

class Clock {
public:
    virtual ~Clock() = default;
    virtual std::chrono::system_clock::time_point now() const = 0;
    // Today's date in UTC.
    Date today() const;
};

class SystemClock final : public Clock {
public:
    std::chrono::system_clock::time_point now() const override;
};

class FakeClock final : public Clock {
public:
    explicit FakeClock(std::chrono::system_clock::time_point start) : m_now(start) { }
    std::chrono::system_clock::time_point now() const override { return m_now.load(); }
    void advance(std::chrono::system_clock::duration by) { m_now = m_now.load() + by; }

private:
    std::atomic<std::chrono::system_clock::time_point> m_now;
};

}  // namespace tablero
