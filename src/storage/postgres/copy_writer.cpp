#include "storage/postgres/copy_writer.h"

#include <soci/postgresql/soci-postgresql.h>

#include <algorithm>
#include <charconv>
#include <stdexcept>
#include <system_error>

namespace tablero::storage::postgres {

namespace {

// The same check as postgres_connection.cpp's: SOCI's backend classes export no type
// information, so the backend's name is checked instead of a dynamic_cast.
PGconn* native_handle(soci::session& session)
{
    if (session.get_backend() == nullptr || session.get_backend_name() != "postgresql")
        throw std::logic_error("COPY needs a PostgreSQL session");
    return static_cast<soci::postgresql_session_backend*>(session.get_backend())->conn_;
}

// PostgreSQL's own words for a failed result, else the connection's.
std::string error_of(PGconn* connection, const PGresult* result)
{
    if (result != nullptr) {
        if (const char* primary = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY))
            return primary;
    }
    std::string message = PQerrorMessage(connection);
    while (!message.empty() && message.back() == '\n')
        message.pop_back();
    return message.empty() ? "COPY failed" : message;
}

// Reads every result left on the connection, so that it is ready for the next statement, and
// returns the first error among them, if any.
std::optional<std::string> finish(PGconn* connection)
{
    std::optional<std::string> error;
    while (PGresult* result = PQgetResult(connection)) {
        const ExecStatusType status = PQresultStatus(result);
        if (status != PGRES_COMMAND_OK && !error)
            error = error_of(connection, result);
        PQclear(result);
        // A result still in COPY IN state means the server waits for data that will not come.
        if (status == PGRES_COPY_IN)
            PQputCopyEnd(connection, "the client gave up the COPY");
    }
    return error;
}

// Whether libpq took a call's data: PQputCopyData and PQputCopyEnd return 1 when it did, -1 on
// an error, and 0 only on a non-blocking connection, which SOCI does not use.
bool sent(int outcome)
{
    return outcome == 1;
}

}  // namespace

void append_copy_field(std::string& out, std::optional<std::string_view> value)
{
    if (!value) {
        out += "\\N";
        return;
    }
    std::size_t start = 0;
    for (std::size_t at = 0; at < value->size(); ++at) {
        const char* escaped = nullptr;
        switch ((*value)[at]) {
        case '\\':
            escaped = "\\\\";
            break;
        case '\t':
            escaped = "\\t";
            break;
        case '\n':
            escaped = "\\n";
            break;
        case '\r':
            escaped = "\\r";
            break;
        default:
            continue;
        }
        out.append(*value, start, at - start);
        out += escaped;
        start = at + 1;
    }
    out.append(*value, start);
}

void CopyRows::text(std::string_view value)
{
    separate();
    append_copy_field(m_data, value);
}

void CopyRows::null()
{
    separate();
    append_copy_field(m_data, std::nullopt);
}

void CopyRows::number(long long value)
{
    separate();
    char digits[24];
    const auto [end, error] = std::to_chars(digits, digits + sizeof digits, value);
    if (error != std::errc())
        throw std::logic_error("an integer did not fit its buffer");
    m_data.append(digits, end);
}

void CopyRows::number(double value)
{
    separate();
    char digits[32];
    const auto [end, error] = std::to_chars(digits, digits + sizeof digits, value);
    if (error != std::errc())
        throw std::logic_error("a number did not fit its buffer");
    m_data.append(digits, end);
}

void CopyRows::end_row()
{
    m_data += '\n';
    ++m_rows;
    m_row_started = false;
}

void CopyRows::clear()
{
    m_data.clear();
    m_rows = 0;
    m_row_started = false;
}

void CopyRows::separate()
{
    if (m_row_started)
        m_data += '\t';
    m_row_started = true;
}

CopyWriter::CopyWriter(soci::session& session) : m_session(session)
{
    native_handle(session);  // refuses another backend at once
}

CopyWriter::~CopyWriter()
{
    if (m_in_flight)
        finish(native_handle(m_session));
}

void CopyWriter::send(std::string_view target, const CopyRows& rows)
{
    wait();
    if (rows.empty())
        return;
    PGconn* connection = native_handle(m_session);
    const std::string statement = "COPY " + std::string(target) + " FROM STDIN";
    PGresult* started = PQexec(connection, statement.c_str());
    const bool copying = started != nullptr && PQresultStatus(started) == PGRES_COPY_IN;
    std::string error = copying ? std::string() : error_of(connection, started);
    PQclear(started);
    if (!copying) {
        finish(connection);
        throw std::runtime_error(error);
    }

    // libpq takes the data in pieces whose size is an int; a piece may end inside a row, the
    // server joins them.
    constexpr std::size_t piece = std::size_t{1} << 20;
    const std::string& data = rows.data();
    bool ok = true;
    for (std::size_t at = 0; ok && at < data.size(); at += piece) {
        const std::size_t length = std::min(piece, data.size() - at);
        ok = sent(PQputCopyData(connection, data.data() + at, static_cast<int>(length)));
    }
    // Ending with an error message makes the server fail the COPY, so nothing half-sent is kept.
    if (!ok)
        error = error_of(connection, nullptr);
    if (!sent(PQputCopyEnd(connection, ok ? nullptr : "the client failed to send the rows"))) {
        if (ok)
            error = error_of(connection, nullptr);
        ok = false;
    }
    if (!ok) {
        finish(connection);
        throw std::runtime_error(error);
    }
    m_in_flight = true;
}

void CopyWriter::wait()
{
    if (!m_in_flight)
        return;
    m_in_flight = false;
    if (auto refused = finish(native_handle(m_session)))
        throw std::runtime_error(*refused);
}

}  // namespace tablero::storage::postgres
