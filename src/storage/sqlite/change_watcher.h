// Notices writes to a SQLite database made by another process, such as `tablero import plan-csv`
// or `tablero users` run beside the server, so the server's caches do not keep showing the data
// from before them.
//
// SQLite has no notifications between processes, but `PRAGMA data_version` (sqlite.org/pragma.html
// #pragma_data_version) "will be different" on a connection after any other connection commits a
// change to the file. The watcher keeps one connection of its own, outside the pool, asks every
// interval, and runs the Database's change listeners when the number moved. The server's own
// pooled sessions are other connections too, so each of its own writes is noticed once more, up
// to one interval later: one extra page cache clear and plan revision check (which drops
// nothing the write had not already dropped), never a missed change.
#pragma once

#include "storage/database.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

namespace tablero::storage::sqlite {

class ChangeWatcher {
public:
    // database must be on SQLite and outlive the watcher.
    explicit ChangeWatcher(
        Database& database, std::chrono::milliseconds interval = std::chrono::seconds(1));
    // Stops the thread if it runs.
    ~ChangeWatcher();
    ChangeWatcher(const ChangeWatcher&) = delete;
    ChangeWatcher& operator=(const ChangeWatcher&) = delete;

    // Opens the watcher's connection and starts the thread; an error when the file cannot be
    // opened.
    Result<void> start();
    // Stops the thread and closes its connection; waits at most one query.
    void stop();

    // Times a change by another connection ran the listeners.
    std::uint64_t changes_noticed() const { return m_noticed.load(); }

private:
    void run();

    Database& m_database;
    std::chrono::milliseconds m_interval;
    std::unique_ptr<soci::session> m_session;
    // The data_version last read; only the watcher's thread reads it once started.
    long long m_seen = 0;
    std::thread m_thread;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    std::atomic<std::uint64_t> m_noticed{0};
};

}  // namespace tablero::storage::sqlite
