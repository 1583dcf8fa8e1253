#include "storage/sqlite/change_watcher.h"

#include "storage/sqlite/sqlite_connection.h"

#include <spdlog/spdlog.h>

namespace tablero::storage::sqlite {

namespace {

long long data_version(soci::session& session)
{
    long long version = 0;
    session << "PRAGMA data_version", soci::into(version);
    return version;
}

}  // namespace

ChangeWatcher::ChangeWatcher(Database& database, std::chrono::milliseconds interval)
    : m_database(database), m_interval(interval)
{
}

ChangeWatcher::~ChangeWatcher()
{
    stop();
}

Result<void> ChangeWatcher::start()
{
    if (m_thread.joinable())
        return {};
    try {
        m_session = std::make_unique<soci::session>();
        if (auto connected = connect(*m_session, m_database.location(), {}); !connected.ok())
            return connected;
        m_seen = data_version(*m_session);
    } catch (const std::exception& error) {
        return fail(ErrorCode::unavailable,
            "cannot watch database " + m_database.location().display + ": " + error.what());
    }
    m_stopping = false;
    m_thread = std::thread([this] { run(); });
    return {};
}

void ChangeWatcher::stop()
{
    if (!m_thread.joinable())
        return;
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    m_thread.join();
    m_session.reset();
}

void ChangeWatcher::run()
{
    std::unique_lock lock(m_mutex);
    while (!m_wake.wait_for(lock, m_interval, [this] { return m_stopping; })) {
        lock.unlock();
        try {
            const long long now = data_version(*m_session);
            if (now != m_seen) {
                ++m_noticed;
                spdlog::debug("database {} changed: caches cleared", m_database.location().display);
                m_database.changed_elsewhere();
            }
            m_seen = now;
        } catch (const std::exception& error) {
            // A locked or vanished file: asked again next interval.
            spdlog::debug("PRAGMA data_version failed: {}", loggable_error(error.what()));
        }
        lock.lock();
    }
}

}  // namespace tablero::storage::sqlite
