#include "storage/postgres/change_listener.h"

#include "storage/postgres/postgres_connection.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <poll.h>
#include <string>

namespace tablero::storage::postgres {

namespace {

struct ConnectionCloser {
    void operator()(PGconn* connection) const { PQfinish(connection); }
};
using Connection = std::unique_ptr<PGconn, ConnectionCloser>;

// libpq's last error as one line, its line breaks and tabs made single spaces.
std::string last_error(PGconn* connection)
{
    const std::string raw = connection != nullptr ? PQerrorMessage(connection) : "out of memory";
    std::string text;
    for (char c : raw) {
        const bool space = c == '\n' || c == '\t' || c == ' ';
        if (!space)
            text += c;
        else if (!text.empty() && text.back() != ' ')
            text += ' ';
    }
    while (!text.empty() && text.back() == ' ')
        text.pop_back();
    return text;
}

// libpq prints what the server says outside a query ("FATAL: terminating connection due to
// administrator command") on stderr unless told otherwise; the log says it once, in its words.
void log_notice(void*, const char* message)
{
    std::string text(message);
    while (!text.empty() && text.back() == '\n')
        text.pop_back();
    spdlog::debug("PostgreSQL (change listener): {}", text);
}

// Opens a connection and LISTENs on the change channel; nullptr (and a log line) on failure.
Connection connect_and_listen(const DatabaseLocation& location, std::chrono::seconds timeout)
{
    Connection connection(PQconnectdb(connect_string(location.connect_string, timeout).c_str()));
    if (connection == nullptr || PQstatus(connection.get()) != CONNECTION_OK) {
        spdlog::warn("cannot connect to database {} to hear other servers' changes: {}",
            location.display, last_error(connection.get()));
        return nullptr;
    }
    PQsetNoticeProcessor(connection.get(), log_notice, nullptr);
    const std::string listen = std::string("LISTEN ") + change_channel;
    PGresult* result = PQexec(connection.get(), listen.c_str());
    const bool listening = result != nullptr && PQresultStatus(result) == PGRES_COMMAND_OK;
    PQclear(result);
    if (!listening) {
        spdlog::warn("cannot LISTEN {} on database {}: {}", change_channel, location.display,
            last_error(connection.get()));
        return nullptr;
    }
    return connection;
}

}  // namespace

ChangeListener::ChangeListener(Database& database, ChangeListenerOptions options)
    : m_database(database), m_options(options)
{
}

ChangeListener::~ChangeListener()
{
    stop();
}

void ChangeListener::start()
{
    if (m_thread.joinable())
        return;
    m_stopping = false;
    m_thread = std::thread([this] { run(); });
}

void ChangeListener::stop()
{
    if (!m_thread.joinable())
        return;
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_changed.notify_all();
    m_thread.join();
}

ChangeListenerStats ChangeListener::stats() const
{
    std::lock_guard lock(m_mutex);
    return m_stats;
}

bool ChangeListener::wait_until_listening(std::chrono::milliseconds timeout, int not_pid) const
{
    std::unique_lock lock(m_mutex);
    return m_changed.wait_for(
        lock, timeout, [&] { return m_stats.listening && m_stats.backend_pid != not_pid; });
}

void ChangeListener::set_listening(bool listening, int backend_pid)
{
    {
        std::lock_guard lock(m_mutex);
        m_stats.listening = listening;
        m_stats.backend_pid = backend_pid;
    }
    m_changed.notify_all();
}

bool ChangeListener::sleep_unless_stopping(std::chrono::milliseconds delay)
{
    std::unique_lock lock(m_mutex);
    return !m_changed.wait_for(lock, delay, [this] { return m_stopping.load(); });
}

void ChangeListener::run()
{
    const DatabaseLocation& location = m_database.location();
    std::chrono::milliseconds delay = m_options.first_retry;
    bool first_attempt = true;
    while (!m_stopping) {
        Connection connection = connect_and_listen(location, m_options.connect_timeout);
        if (connection == nullptr) {
            first_attempt = false;
            if (!sleep_unless_stopping(delay))
                break;
            delay = std::min(delay * 2, m_options.max_retry);
            continue;
        }
        delay = m_options.first_retry;
        if (first_attempt) {
            spdlog::info("listening for other servers' changes on database {} ({})",
                location.display, change_channel);
        } else {
            {
                std::lock_guard lock(m_mutex);
                ++m_stats.reconnects;
            }
            // Another server may have written while nobody listened: whatever is cached may be
            // stale.
            spdlog::info("listening again for other servers' changes on database {}; caches "
                         "cleared, since changes made meanwhile were not heard",
                location.display);
            m_database.changed_elsewhere();
        }
        first_attempt = false;
        set_listening(true, PQbackendPID(connection.get()));
        listen_on(connection.get());
        set_listening(false, 0);
        if (!m_stopping)
            spdlog::warn("lost the connection that hears other servers' changes on database {}: "
                         "{}; connecting again",
                location.display, last_error(connection.get()));
    }
}

void ChangeListener::listen_on(PGconn* connection)
{
    const std::string& own = m_database.origin();
    const int timeout = static_cast<int>(m_options.poll_interval.count());
    while (!m_stopping) {
        pollfd socket{PQsocket(connection), POLLIN, 0};
        if (socket.fd < 0)
            return;
        const int ready = poll(&socket, 1, timeout);
        if (ready < 0) {
            if (errno == EINTR)
                continue;
            return;
        }
        if (ready == 0)
            continue;
        // A closed connection reads as end of file: PQconsumeInput fails, or the status turns
        // bad after it reads the server's "terminating connection" message.
        if (PQconsumeInput(connection) == 0 || PQstatus(connection) != CONNECTION_OK)
            return;
        bool from_elsewhere = false;
        while (PGnotify* notification = PQnotifies(connection)) {
            if (own != notification->extra)
                from_elsewhere = true;
            PQfreemem(notification);
        }
        if (from_elsewhere) {
            m_database.changed_elsewhere();
            // Counted once the caches are cleared, so a reader of the count sees its effect.
            {
                std::lock_guard lock(m_mutex);
                ++m_stats.remote_changes;
            }
            spdlog::debug("another server changed database {}: caches cleared",
                m_database.location().display);
        }
    }
}

}  // namespace tablero::storage::postgres
