#include "http/status.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace tablero::http {
namespace {

TEST(Status, MapsEveryErrorCode)
{
    struct Row {
        ErrorCode code;
        Status expected;
    };
    const Row rows[] = {
        {ErrorCode::not_found, Status::not_found},
        {ErrorCode::invalid_argument, Status::bad_request},
        {ErrorCode::failed_precondition, Status::conflict},
        {ErrorCode::permission_denied, Status::forbidden},
        {ErrorCode::already_exists, Status::conflict},
        {ErrorCode::unauthenticated, Status::unauthorized},
        {ErrorCode::unavailable, Status::service_unavailable},
        {ErrorCode::internal, Status::internal_server_error},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(std::string(to_string(row.code)));
        EXPECT_EQ(status_for(row.code), row.expected);
    }
}

TEST(Status, WritesErrorJson)
{
    struct Row {
        Error error;
        const char* expected;
    };
    const Row rows[] = {
        {fail(ErrorCode::not_found, "no such plan"),
            R"({"error":{"code":"not_found","message":"no such plan"}})"},
        {fail(ErrorCode::invalid_argument, "must be a date", "form field due \"date\""),
            R"({"error":{"code":"invalid_argument","message":"must be a date","where":"form field due \"date\""}})"},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.expected);
        EXPECT_EQ(error_json(row.error), row.expected);
    }
    // Invalid UTF-8 from user input must not make rendering an error fail.
    EXPECT_NO_THROW(nlohmann::json::parse(error_json(fail(ErrorCode::internal, "bad \xff byte"))));
}

}  // namespace
}  // namespace tablero::http
