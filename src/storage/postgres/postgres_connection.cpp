#include "storage/postgres/postgres_connection.h"

#include <soci/postgresql/soci-postgresql.h>
#include <spdlog/spdlog.h>

#include <stdexcept>
#include <string_view>
#include <utility>

#include <poll.h>

namespace tablero::storage::postgres {

namespace {

PGconn* native_handle(soci::session& session)
{
    // SOCI's backend classes export no type information, so the name is checked instead of a
    // dynamic_cast.
    if (session.get_backend() == nullptr || session.get_backend_name() != "postgresql")
        throw std::logic_error("not a PostgreSQL session");
    return static_cast<soci::postgresql_session_backend*>(session.get_backend())->conn_;
}

// libpq prints notices ("relation already exists, skipping") on stderr unless told otherwise;
// they belong in the debug log.
void log_notice(void*, const char* message)
{
    std::string text(message);
    while (!text.empty() && text.back() == '\n')
        text.pop_back();
    spdlog::debug("PostgreSQL: {}", text);
}

}  // namespace

std::string connect_string(const std::string& uri, std::chrono::seconds connect_timeout)
{
    // libpq waits for an unreachable server as long as the operating system does (minutes)
    // unless told; it counts whole seconds and treats 1 as 2. The parameter also keeps SOCI 4.0
    // from breaking the URI: it rewrites a connect string without any "=" by appending one, which
    // libpq then reads as part of the database name.
    // A server that vanishes without closing its connections (a network cut, a host losing
    // power) is noticed by TCP keepalives on an idle or waiting connection (after 10 + 3 x 5 s)
    // and by tcp_user_timeout when data sent is not acknowledged for 15 s; without them a request
    // would wait for the operating system's own timeouts, up to hours.
    const std::pair<std::string_view, std::string> parameters[] = {
        {"connect_timeout", std::to_string(connect_timeout.count())},
        {"keepalives", "1"},
        {"keepalives_idle", "10"},
        {"keepalives_interval", "5"},
        {"keepalives_count", "3"},
        {"tcp_user_timeout", "15000"},
    };
    std::string text = uri;
    for (const auto& [name, value] : parameters) {
        // A parameter the URI names already is the operator's to keep.
        const auto query = text.find('?');
        if (query != std::string::npos &&
            (text.find("?" + std::string(name) + "=", query) != std::string::npos ||
                text.find("&" + std::string(name) + "=", query) != std::string::npos))
            continue;
        text += query == std::string::npos ? '?' : '&';
        text.append(name).append("=").append(value);
    }
    return text;
}

Result<void> connect(
    soci::session& session, const DatabaseLocation& location, const DatabaseOptions& options)
{
    session.open(
        soci::postgresql, connect_string(location.connect_string, options.connect_timeout));
    PQsetNoticeProcessor(native_handle(session), log_notice, nullptr);
    return {};
}

void reconnect(soci::session& session)
{
    session.reconnect();
    PQsetNoticeProcessor(native_handle(session), log_notice, nullptr);
}

// A migration may hold several statements, and a function body holds ";" at line ends too, so
// the text is not split: PQexec without parameters runs every statement in turn, inside the
// migration's transaction, and stops at the first error.
Result<void> execute_script(soci::session& session, const std::string& sql)
{
    PGconn* connection = native_handle(session);
    PGresult* result = PQexec(connection, sql.c_str());
    const ExecStatusType status = result != nullptr ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
        PQclear(result);
        return {};
    }
    std::string message;
    if (const char* primary =
            result != nullptr ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr)
        message = primary;
    else
        message = PQerrorMessage(connection);
    PQclear(result);
    return fail(ErrorCode::internal, message);
}

bool table_exists(soci::session& session, const std::string& name)
{
    int count = 0;
    session << "SELECT COUNT(*) FROM information_schema.tables"
               " WHERE table_schema = current_schema() AND table_name = :name",
        soci::use(name), soci::into(count);
    return count > 0;
}

void announce_change(soci::session& session, const std::string& origin)
{
    const std::string channel = change_channel;
    session << "SELECT pg_notify(:channel, :origin)", soci::use(channel), soci::use(origin);
}

bool connection_lost(soci::session& session)
{
    return PQstatus(native_handle(session)) == CONNECTION_BAD;
}

bool still_connected(soci::session& session)
{
    if (session.get_backend() == nullptr)
        return false;
    PGconn* connection = native_handle(session);
    if (PQstatus(connection) != CONNECTION_OK)
        return false;
    // The server's goodbye (FATAL: terminating connection) comes with the end of the stream,
    // which poll reports as POLLRDHUP; libpq would only notice it on the next read.
    pollfd socket{PQsocket(connection), POLLIN | POLLRDHUP, 0};
    if (socket.fd < 0)
        return false;
    if (poll(&socket, 1, 0) <= 0)
        return true;
    if ((socket.revents & (POLLRDHUP | POLLHUP | POLLERR | POLLNVAL)) != 0)
        return false;
    // Something else arrived (a notice): read it, and see whether libpq still likes the line.
    return PQconsumeInput(connection) == 1 && PQstatus(connection) == CONNECTION_OK;
}

}  // namespace tablero::storage::postgres
