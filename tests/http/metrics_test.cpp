#include "http/metrics.h"

#include <gtest/gtest.h>

#include <sstream>
#include <thread>

namespace tablero::http {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;

bool has_line(const std::string& text, const std::string& line)
{
    std::istringstream in(text);
    for (std::string current; std::getline(in, current);) {
        if (current == line)
            return true;
    }
    return false;
}

TEST(Metrics, ExposesCountersAndHistograms)
{
    Metrics metrics;
    metrics.set_routes({"/", "/plans/{plan}", "/odd\"route\\\n"});
    metrics.observe(0, 200, microseconds(300));
    metrics.observe(0, 200, milliseconds(3));
    metrics.observe(0, 500, milliseconds(20));
    metrics.observe(1, 404, milliseconds(0));
    metrics.observe(2, 299, milliseconds(12000));
    metrics.observe(Metrics::unmatched, 404, microseconds(100));
    metrics.observe(Metrics::unmatched, 1234, microseconds(100));
    metrics.add_source([](std::string& out) { out += "# TYPE pool_size gauge\npool_size 4\n"; });
    auto text = metrics.render();

    const char* expected[] = {
        "# TYPE tablero_http_requests_total counter",
        R"(tablero_http_requests_total{route="/",code="200"} 2)",
        R"(tablero_http_requests_total{route="/",code="500"} 1)",
        R"(tablero_http_requests_total{route="/plans/{plan}",code="404"} 1)",
        R"(tablero_http_requests_total{route="/odd\"route\\\n",code="299"} 1)",
        R"(tablero_http_requests_total{route="unmatched",code="404"} 1)",
        R"(tablero_http_requests_total{route="unmatched",code="other"} 1)",
        "# TYPE tablero_http_request_duration_seconds histogram",
        R"(tablero_http_request_duration_seconds_bucket{route="/",le="0.0005"} 1)",
        R"(tablero_http_request_duration_seconds_bucket{route="/",le="0.001"} 1)",
        R"(tablero_http_request_duration_seconds_bucket{route="/",le="0.0025"} 1)",
        R"(tablero_http_request_duration_seconds_bucket{route="/",le="0.005"} 2)",
        R"(tablero_http_request_duration_seconds_bucket{route="/",le="0.01"} 2)",
        R"(tablero_http_request_duration_seconds_bucket{route="/",le="0.025"} 3)",
        R"(tablero_http_request_duration_seconds_bucket{route="/",le="10"} 3)",
        R"(tablero_http_request_duration_seconds_bucket{route="/",le="+Inf"} 3)",
        R"(tablero_http_request_duration_seconds_sum{route="/"} 0.0233)",
        R"(tablero_http_request_duration_seconds_count{route="/"} 3)",
        R"(tablero_http_request_duration_seconds_bucket{route="/plans/{plan}",le="0.0005"} 1)",
        R"(tablero_http_request_duration_seconds_bucket{route="/odd\"route\\\n",le="10"} 0)",
        R"(tablero_http_request_duration_seconds_bucket{route="/odd\"route\\\n",le="+Inf"} 1)",
        R"(tablero_http_request_duration_seconds_count{route="unmatched"} 2)",
        "pool_size 4",
    };
    for (const auto* line : expected) {
        SCOPED_TRACE(line);
        EXPECT_TRUE(has_line(text, line)) << text;
    }
    EXPECT_EQ(text.find("code=\"201\""), std::string::npos);
}

TEST(Metrics, CountsEveryObservationFromManyThreads)
{
    Metrics metrics;
    metrics.set_routes({"/"});
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 10000; ++i)
                metrics.observe(0, 200, microseconds(i % 2000));
        });
    }
    for (auto& thread : threads)
        thread.join();
    auto text = metrics.render();
    EXPECT_TRUE(has_line(text, R"(tablero_http_requests_total{route="/",code="200"} 40000)"));
    EXPECT_TRUE(has_line(text, R"(tablero_http_request_duration_seconds_count{route="/"} 40000)"));
}

}  // namespace
}  // namespace tablero::http
