// gzip for text responses (zlib). Used by the pipeline for dynamic responses and by the page
// cache and static files, which compress once and keep both encodings.
#pragma once

#include <string>
#include <string_view>

namespace tablero::http {

std::string gzip_compress(std::string_view data);

// True for content types worth compressing: text/*, JSON, JavaScript, SVG, XML.
bool is_compressible(std::string_view content_type);

// Bodies shorter than this are sent as they are: compressing them saves nothing.
inline constexpr std::size_t gzip_min_bytes = 256;

}  // namespace tablero::http
