// The HTTP/1.1 server: Boost.Beast on Asio, one io_context per thread, keep-alive, size limits
// and timeouts so a slow or oversized client gets 408 or 413 and never holds a thread, and a
// graceful stop that finishes the requests in flight.
#pragma once

#include "core/result.h"
#include "http/pipeline.h"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace tablero::http {

struct ServerOptions {
    std::string host = "127.0.0.1";
    // 0 asks the system for a free port; port() tells which.
    std::uint16_t port = 8080;
    // 0 means one per core.
    unsigned threads = 0;
    std::size_t header_limit = 16 * 1024;
    std::size_t body_limit = 1024 * 1024;
    // The whole request (headers and body) must arrive within this time, or 408.
    std::chrono::milliseconds request_timeout{15000};
    // A keep-alive connection with no request in progress is closed after this time.
    std::chrono::milliseconds idle_timeout{60000};
    // On stop, requests in flight get this long to finish before connections are closed.
    std::chrono::milliseconds shutdown_timeout{10000};
};

class Server {
public:
    Server(ServerOptions options, Pipeline& pipeline);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Binds and listens; an unusable address is an error ("cannot listen on 127.0.0.1:80: ...").
    Result<void> listen();
    std::uint16_t port() const;

    // Serves until stop() is called or, when handle_signals, until SIGINT or SIGTERM arrives.
    // Blocks the calling thread.
    void run(bool handle_signals = false);

    // Stops accepting, lets requests in flight finish (up to shutdown_timeout), closes idle
    // connections and makes run() return. Safe to call from any thread.
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace tablero::http
