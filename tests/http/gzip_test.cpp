#include "http/gzip.h"

#include <gtest/gtest.h>
#include <zlib.h>

namespace tablero::http {
namespace {

std::string gunzip(const std::string& data)
{
    z_stream stream{};
    EXPECT_EQ(inflateInit2(&stream, 15 + 16), Z_OK);
    std::string out;
    std::array<char, 4096> chunk{};
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    int status = Z_OK;
    while (status == Z_OK) {
        stream.next_out = reinterpret_cast<Bytef*>(chunk.data());
        stream.avail_out = static_cast<uInt>(chunk.size());
        status = inflate(&stream, Z_NO_FLUSH);
        out.append(chunk.data(), chunk.size() - stream.avail_out);
    }
    EXPECT_EQ(status, Z_STREAM_END);
    inflateEnd(&stream);
    return out;
}

TEST(Gzip, RoundTrips)
{
    std::string big;
    for (int i = 0; i < 20000; ++i)
        big += "Commitment " + std::to_string(i) + " of the open government plan. ";
    std::string binary;
    for (int i = 0; i < 5000; ++i)
        binary += static_cast<char>((i * 7919) % 256);
    struct Row {
        const char* name;
        std::string input;
    };
    const Row rows[] = {{"empty", ""}, {"short", "hello"}, {"large text", big}, {"binary", binary}};
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        auto compressed = gzip_compress(row.input);
        ASSERT_GE(compressed.size(), 2U);
        // The gzip magic number (RFC 1952 section 2.3.1).
        EXPECT_EQ(static_cast<unsigned char>(compressed[0]), 0x1f);
        EXPECT_EQ(static_cast<unsigned char>(compressed[1]), 0x8b);
        EXPECT_EQ(gunzip(compressed), row.input);
    }
    EXPECT_LT(gzip_compress(big).size(), big.size() / 5);
}

TEST(Gzip, KnowsWhatIsCompressible)
{
    struct Row {
        const char* type;
        bool expected;
    };
    const Row rows[] = {
        {"text/html; charset=utf-8", true},
        {"text/css", true},
        {"Text/Plain", true},
        {"application/json", true},
        {"application/problem+json", true},
        {"application/manifest+json", true},
        {"application/javascript", true},
        {"image/svg+xml", true},
        {"application/xml", true},
        {"image/png", false},
        {"font/woff2", false},
        {"application/octet-stream", false},
        {"", false},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.type);
        EXPECT_EQ(is_compressible(row.type), row.expected);
    }
}

}  // namespace
}  // namespace tablero::http
