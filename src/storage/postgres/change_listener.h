// Hears the writes other Tablero servers commit to the same PostgreSQL database, so that several
// servers behind one reverse proxy never serve a page their caches kept from before another
// server's write.
//
// Every write() on PostgreSQL sends NOTIFY tablero_changes with its Database's origin inside its
// transaction (Database::announce_change), which PostgreSQL delivers to every listening session
// when the transaction commits and never when it rolls back. The ChangeListener keeps one libpq
// connection of its own, outside the pool, that LISTENs on the channel on a thread of its own; a
// notification from another origin runs the Database's change listeners (the page cache clears
// itself, the plan cache drops the plans whose revision moved), its own are ignored (write()
// already ran them). A lost connection is opened again with a growing delay; once it is back the
// caches are cleared, since notifications sent meanwhile were missed.
#pragma once

#include "storage/database.h"

#include <libpq-fe.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

namespace tablero::storage::postgres {

struct ChangeListenerOptions {
    // How long the thread waits on the socket before it looks whether it must stop.
    std::chrono::milliseconds poll_interval{200};
    // The first delay before connecting again after a failure; it doubles up to max_retry.
    std::chrono::milliseconds first_retry{100};
    std::chrono::milliseconds max_retry{5000};
    // libpq's connect_timeout for the listening connection.
    std::chrono::seconds connect_timeout{5};
};

struct ChangeListenerStats {
    // Notifications from other origins that cleared the caches (several received together
    // count once).
    std::uint64_t remote_changes = 0;
    // Connections opened again after a loss or a failed attempt.
    std::uint64_t reconnects = 0;
    // Whether the connection is open and LISTENing now.
    bool listening = false;
    // The PostgreSQL backend process of the listening connection (0 when not listening).
    int backend_pid = 0;
};

class ChangeListener {
public:
    // database must be on PostgreSQL and outlive the listener.
    explicit ChangeListener(Database& database, ChangeListenerOptions options = {});
    // Stops the thread if it runs.
    ~ChangeListener();
    ChangeListener(const ChangeListener&) = delete;
    ChangeListener& operator=(const ChangeListener&) = delete;

    // Starts the thread, which connects and LISTENs (retrying until it can). Returns at once.
    void start();
    // Stops the thread and closes its connection; waits at most poll_interval (or the
    // connect_timeout of an attempt under way).
    void stop();

    ChangeListenerStats stats() const;
    // Waits until the connection LISTENs (with a backend pid other than not_pid), up to timeout.
    // For tests and start-up logs: a write committed before this returns may not be heard.
    bool wait_until_listening(std::chrono::milliseconds timeout, int not_pid = 0) const;

private:
    void run();
    // Serves one open connection until it is lost or the listener stops.
    void listen_on(PGconn* connection);
    // Sleeps for delay unless told to stop first; false when stopping.
    bool sleep_unless_stopping(std::chrono::milliseconds delay);
    void set_listening(bool listening, int backend_pid);

    Database& m_database;
    ChangeListenerOptions m_options;
    std::thread m_thread;
    std::atomic<bool> m_stopping{false};

    mutable std::mutex m_mutex;
    mutable std::condition_variable m_changed;
    ChangeListenerStats m_stats;
};

}  // namespace tablero::storage::postgres
