#include "http/gzip.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <limits>
#include <new>
#include <stdexcept>

namespace tablero::http {

std::string gzip_compress(std::string_view data)
{
    z_stream stream{};
    // windowBits 15 + 16 asks zlib for a gzip header and trailer (RFC 1952) rather than the raw
    // zlib format; level 6 is zlib's default balance of speed and size.
    if (deflateInit2(&stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::bad_alloc();

    std::string out;
    out.resize(deflateBound(&stream, static_cast<uLong>(data.size())));
    // zlib counts in uInt, so feed and drain in pieces that fit, whatever the input size.
    constexpr std::size_t piece = std::numeric_limits<uInt>::max();
    std::size_t in_offset = 0;
    std::size_t out_offset = 0;
    int status = Z_OK;
    while (status != Z_STREAM_END) {
        if (out_offset == out.size())
            out.resize(out.size() * 2 + 64);
        std::size_t in_now = std::min(piece, data.size() - in_offset);
        std::size_t out_now = std::min(piece, out.size() - out_offset);
        stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data() + in_offset));
        stream.avail_in = static_cast<uInt>(in_now);
        stream.next_out = reinterpret_cast<Bytef*>(out.data() + out_offset);
        stream.avail_out = static_cast<uInt>(out_now);
        bool last = in_offset + in_now == data.size();
        status = deflate(&stream, last ? Z_FINISH : Z_NO_FLUSH);
        if (status == Z_STREAM_ERROR) {
            deflateEnd(&stream);
            throw std::runtime_error("zlib deflate failed");
        }
        in_offset += in_now - stream.avail_in;
        out_offset += out_now - stream.avail_out;
    }
    deflateEnd(&stream);
    out.resize(out_offset);
    return out;
}

bool is_compressible(std::string_view content_type)
{
    auto media_type = content_type.substr(0, content_type.find(';'));
    while (!media_type.empty() && media_type.back() == ' ')
        media_type.remove_suffix(1);
    std::string type(media_type);
    std::transform(type.begin(), type.end(), type.begin(),
        [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::string_view view = type;
    if (view.starts_with("text/"))
        return true;
    // Structured syntax suffixes (RFC 6839): "+json" and "+xml" are JSON and XML underneath.
    if (view.ends_with("+json") || view.ends_with("+xml"))
        return true;
    return view == "application/json" || view == "application/javascript" ||
        view == "application/xml" || view == "image/svg+xml";
}

}  // namespace tablero::http
