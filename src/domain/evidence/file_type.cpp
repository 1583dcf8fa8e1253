#include "domain/evidence/file_type.h"

#include "domain/text/utf8.h"

#include <algorithm>
#include <array>
#include <cstdint>

namespace tablero::evidence {

namespace {

enum Kind : std::size_t {
    pdf,
    png,
    jpeg,
    gif,
    webp,
    docx,
    xlsx,
    pptx,
    odt,
    ods,
    odp,
    doc,
    xls,
    ppt,
    csv,
    plain_text,
    kind_count
};

bool starts_with(std::string_view bytes, std::string_view prefix)
{
    return bytes.substr(0, prefix.size()) == prefix;
}

// bytes.substr that gives an empty view, not an exception, past the end.
std::string_view slice(std::string_view bytes, std::size_t at, std::size_t count)
{
    return at > bytes.size() ? std::string_view{} : bytes.substr(at, count);
}

std::uint32_t read_le(std::string_view bytes, std::size_t at, std::size_t width)
{
    std::uint32_t value = 0;
    for (std::size_t i = 0; i < width; ++i)
        value |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + i])) << (8 * i);
    return value;
}

char ascii_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool ends_with_ignoring_case(std::string_view text, std::string_view suffix)
{
    if (text.size() < suffix.size())
        return false;
    return std::equal(suffix.begin(), suffix.end(), text.end() - suffix.size(),
        [](char a, char b) { return ascii_lower(a) == ascii_lower(b); });
}

// ---- ZIP (PKWARE APPNOTE.TXT 6.3.10): OOXML and OpenDocument files are ZIP archives ----

constexpr std::string_view zip_local_header = "PK\x03\x04";

// The entry names of the central directory, found through the end of central directory record
// (APPNOTE 4.3.16), which sits in the last 22 + 65,535 bytes. nullopt when there is none or it
// points outside the file.
std::optional<std::vector<std::string_view>> zip_entry_names(std::string_view bytes)
{
    constexpr std::string_view end_signature = "PK\x05\x06";
    constexpr std::size_t end_size = 22;
    if (bytes.size() < end_size)
        return std::nullopt;
    const std::size_t lowest =
        bytes.size() > end_size + 65535 ? bytes.size() - end_size - 65535 : 0;
    std::size_t end = bytes.size() - end_size + 1;
    do {
        --end;
        if (bytes.substr(end, 4) == end_signature)
            break;
    } while (end > lowest);
    if (bytes.substr(end, 4) != end_signature)
        return std::nullopt;
    const std::size_t count = read_le(bytes, end + 10, 2);
    std::size_t at = read_le(bytes, end + 16, 4);
    std::vector<std::string_view> names;
    for (std::size_t entry = 0; entry < count; ++entry) {
        // Central directory file header (APPNOTE 4.3.12): 46 bytes, then the name.
        if (at + 46 > end || bytes.substr(at, 4) != "PK\x01\x02")
            return std::nullopt;
        const std::size_t name_length = read_le(bytes, at + 28, 2);
        const std::size_t extra_length = read_le(bytes, at + 30, 2);
        const std::size_t comment_length = read_le(bytes, at + 32, 2);
        if (at + 46 + name_length > end)
            return std::nullopt;
        names.push_back(bytes.substr(at + 46, name_length));
        at += 46 + name_length + extra_length + comment_length;
    }
    return names;
}

// OpenDocument (ODF 1.2 part 3, section 3.3): "the first file in the zip file shall be named
// mimetype ... not compressed ... its content shall be the MIME media type".
std::optional<Kind> opendocument_kind(std::string_view bytes)
{
    if (bytes.size() < 30 || read_le(bytes, 8, 2) != 0)
        return std::nullopt;
    const std::size_t size = read_le(bytes, 18, 4);
    const std::size_t name_length = read_le(bytes, 26, 2);
    const std::size_t extra_length = read_le(bytes, 28, 2);
    if (slice(bytes, 30, name_length) != "mimetype")
        return std::nullopt;
    const auto content = slice(bytes, 30 + name_length + extra_length, size);
    if (content == "application/vnd.oasis.opendocument.text")
        return odt;
    if (content == "application/vnd.oasis.opendocument.spreadsheet")
        return ods;
    if (content == "application/vnd.oasis.opendocument.presentation")
        return odp;
    return std::nullopt;
}

// Office Open XML (ECMA-376 part 2): a package has "[Content_Types].xml" at its root, and the
// main part of each application lives in its folder (word/, xl/, ppt/).
std::optional<Kind> office_open_xml_kind(const std::vector<std::string_view>& names)
{
    if (std::find(names.begin(), names.end(), "[Content_Types].xml") == names.end())
        return std::nullopt;
    for (auto [prefix, kind] : {std::pair{std::string_view("word/"), docx},
             std::pair{std::string_view("xl/"), xlsx}, std::pair{std::string_view("ppt/"), pptx}}) {
        // A lambda captures a plain variable, not a structured binding (which C++20 allows but
        // clang before 16 refuses; clang builds the fuzz targets).
        const std::string_view folder = prefix;
        if (std::any_of(names.begin(), names.end(),
                [&](std::string_view name) { return starts_with(name, folder); }))
            return kind;
    }
    return std::nullopt;
}

// Macros: vbaProject.bin in OOXML (ECMA-376 part 1, 15.2.17), Basic/ and Scripts/ in ODF.
bool has_macros(const std::vector<std::string_view>& names)
{
    return std::any_of(names.begin(), names.end(), [](std::string_view name) {
        return ends_with_ignoring_case(name, "vbaProject.bin") || starts_with(name, "Basic/") ||
            starts_with(name, "Scripts/");
    });
}

// ---- OLE2 compound files ([MS-CFB]): Word 97-2003, Excel 97-2003, PowerPoint 97-2003 ----

constexpr std::string_view ole2_signature = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

// Whether a directory entry ([MS-CFB] 2.6: 128 bytes, the name in UTF-16LE with its length in
// bytes, terminating NUL included, at offset 64) names this stream or storage. Directory
// sectors follow the 512-byte header at multiples of 128 bytes, so only those offsets are read.
bool has_ole2_entry(std::string_view bytes, std::string_view name)
{
    std::string utf16;
    for (char c : name) {
        utf16.push_back(c);
        utf16.push_back('\0');
    }
    const std::size_t length_in_bytes = utf16.size() + 2;
    for (std::size_t at = 512; at + 128 <= bytes.size(); at += 128) {
        if (bytes.substr(at, utf16.size()) == utf16 &&
            read_le(bytes, at + 64, 2) == length_in_bytes)
            return true;
    }
    return false;
}

// ---- text ----

// CSV and plain text: UTF-8 (RFC 3629) with no control characters but tab, CR and LF.
bool is_clean_text(std::string_view bytes)
{
    for (std::size_t at = 0; at < bytes.size();) {
        const auto c = text::decode_utf8(bytes, at);
        if (!c.valid)
            return false;
        const char32_t point = c.code_point;
        if ((point < 0x20 && point != '\t' && point != '\r' && point != '\n') || point == 0x7F ||
            (point >= 0x80 && point <= 0x9F))
            return false;
        at += c.length;
    }
    return true;
}

// Text a browser could take for a web page: after an optional byte order mark and white space,
// "<" and then a letter, "!", "?" or "/" ("<!doctype", "<html", "<svg", "<?xml", "<script").
// Served as text/plain with nosniff it would stay text, but a CSV or a note never starts so.
bool starts_like_markup(std::string_view bytes)
{
    if (starts_with(bytes, "\xEF\xBB\xBF"))
        bytes.remove_prefix(3);
    const auto first = bytes.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos || bytes[first] != '<' || first + 1 >= bytes.size())
        return false;
    const char next = ascii_lower(bytes[first + 1]);
    return (next >= 'a' && next <= 'z') || next == '!' || next == '?' || next == '/';
}

bool is_executable(std::string_view bytes)
{
    // ELF; Mach-O 32/64-bit in both byte orders and universal binaries (also Java classes, as
    // foreign to a report); WebAssembly; scripts run by an interpreter ("#!/bin/sh").
    static constexpr std::array<std::string_view, 8> signatures = {"\x7F"
                                                                   "ELF",
        "\xFE\xED\xFA\xCE", "\xFE\xED\xFA\xCF", "\xCE\xFA\xED\xFE", "\xCF\xFA\xED\xFE",
        "\xCA\xFE\xBA\xBE", std::string_view("\0asm", 4), "#!"};
    if (std::any_of(signatures.begin(), signatures.end(),
            [&](std::string_view signature) { return starts_with(bytes, signature); }))
        return true;
    // Windows and DOS programs start with "MZ" and a binary header; a text file that happens to
    // start with those letters has no NUL byte in its first 64.
    return starts_with(bytes, "MZ") && bytes.substr(0, 64).find('\0') != std::string_view::npos;
}

bool is_other_archive(std::string_view bytes)
{
    static constexpr std::array<std::string_view, 6> signatures = {"\x1F\x8B", "7z\xBC\xAF\x27\x1C",
        "Rar!\x1A\x07", "BZh",
        std::string_view("\xFD"
                         "7zXZ\0",
            6),
        "PK\x05\x06"};
    if (std::any_of(signatures.begin(), signatures.end(),
            [&](std::string_view signature) { return starts_with(bytes, signature); }))
        return true;
    // POSIX tar: "ustar" at offset 257 of the first header.
    return slice(bytes, 257, 5) == "ustar";
}

ContentCheck refused(ContentRefusal refusal)
{
    return {nullptr, refusal};
}

}  // namespace

const std::vector<FileType>& accepted_file_types()
{
    static const std::vector<FileType> types = [] {
        std::vector<FileType> list(kind_count);
        list[pdf] = {"application/pdf", {"pdf"}, true};
        list[png] = {"image/png", {"png"}, true};
        list[jpeg] = {"image/jpeg", {"jpg", "jpeg", "jpe"}, true};
        list[gif] = {"image/gif", {"gif"}, true};
        list[webp] = {"image/webp", {"webp"}, true};
        list[docx] = {
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document", {"docx"}};
        list[xlsx] = {
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", {"xlsx"}};
        list[pptx] = {
            "application/vnd.openxmlformats-officedocument.presentationml.presentation", {"pptx"}};
        list[odt] = {"application/vnd.oasis.opendocument.text", {"odt"}};
        list[ods] = {"application/vnd.oasis.opendocument.spreadsheet", {"ods"}};
        list[odp] = {"application/vnd.oasis.opendocument.presentation", {"odp"}};
        list[doc] = {"application/msword", {"doc"}};
        list[xls] = {"application/vnd.ms-excel", {"xls"}};
        list[ppt] = {"application/vnd.ms-powerpoint", {"ppt"}};
        list[csv] = {"text/csv; charset=utf-8", {"csv"}};
        list[plain_text] = {"text/plain; charset=utf-8", {"txt", "text", "tsv"}};
        return list;
    }();
    return types;
}

const FileType* file_type_for_media_type(std::string_view media_type)
{
    for (const auto& type : accepted_file_types()) {
        if (type.media_type == media_type)
            return &type;
    }
    return nullptr;
}

std::string_view to_string(ContentRefusal refusal)
{
    switch (refusal) {
    case ContentRefusal::empty:
        return "empty";
    case ContentRefusal::executable:
        return "executable";
    case ContentRefusal::archive:
        return "archive";
    case ContentRefusal::macros:
        return "macros";
    case ContentRefusal::markup:
        return "markup";
    case ContentRefusal::unknown:
        break;
    }
    return "unknown";
}

ContentCheck check_content(std::string_view bytes, std::string_view name)
{
    const auto& types = accepted_file_types();
    auto accept = [&](Kind kind) { return ContentCheck{&types[kind], ContentRefusal::unknown}; };
    if (bytes.empty())
        return refused(ContentRefusal::empty);
    if (is_executable(bytes))
        return refused(ContentRefusal::executable);

    // The signatures each format's specification puts at its start: PDF 32000-1:2008 7.5.2
    // ("%PDF-"), PNG (ISO 15948 5.2), JPEG (the SOI marker FF D8, then a marker), GIF87a and
    // GIF89a, WebP (a RIFF container of form type "WEBP").
    if (starts_with(bytes, "%PDF-"))
        return accept(pdf);
    if (starts_with(bytes, "\x89PNG\r\n\x1A\n"))
        return accept(png);
    if (starts_with(bytes, "\xFF\xD8\xFF"))
        return accept(jpeg);
    if (starts_with(bytes, "GIF87a") || starts_with(bytes, "GIF89a"))
        return accept(gif);
    if (starts_with(bytes, "RIFF") && slice(bytes, 8, 4) == "WEBP")
        return accept(webp);

    if (starts_with(bytes, zip_local_header)) {
        if (auto kind = opendocument_kind(bytes)) {
            const auto names = zip_entry_names(bytes);
            if (!names)
                return refused(ContentRefusal::archive);
            if (has_macros(*names))
                return refused(ContentRefusal::macros);
            return accept(*kind);
        }
        const auto names = zip_entry_names(bytes);
        if (!names)
            return refused(ContentRefusal::archive);
        if (auto kind = office_open_xml_kind(*names)) {
            if (has_macros(*names))
                return refused(ContentRefusal::macros);
            return accept(*kind);
        }
        return refused(ContentRefusal::archive);
    }
    if (starts_with(bytes, ole2_signature)) {
        // Word keeps its text in a "WordDocument" stream, Excel in "Workbook", PowerPoint in
        // "PowerPoint Document" ([MS-DOC] 2.1.1, [MS-XLS] 2.1.2, [MS-PPT] 2.1.1); other compound
        // files (Windows Installer packages, Outlook messages) have none of them.
        if (has_ole2_entry(bytes, "_VBA_PROJECT") || has_ole2_entry(bytes, "Macros"))
            return refused(ContentRefusal::macros);
        if (has_ole2_entry(bytes, "WordDocument"))
            return accept(doc);
        if (has_ole2_entry(bytes, "Workbook"))
            return accept(xls);
        if (has_ole2_entry(bytes, "PowerPoint Document"))
            return accept(ppt);
        return refused(ContentRefusal::unknown);
    }
    if (is_other_archive(bytes))
        return refused(ContentRefusal::archive);

    if (!is_clean_text(bytes))
        return refused(ContentRefusal::unknown);
    if (starts_like_markup(bytes))
        return refused(ContentRefusal::markup);
    return accept(ends_with_ignoring_case(name, ".csv") ? csv : plain_text);
}

std::string_view to_string(NameRefusal refusal)
{
    switch (refusal) {
    case NameRefusal::empty:
        return "empty";
    case NameRefusal::folders:
        return "folders";
    case NameRefusal::parent:
        return "parent";
    case NameRefusal::hidden:
        return "hidden";
    case NameRefusal::control:
        return "control";
    case NameRefusal::invalid_utf8:
        return "invalid_utf8";
    case NameRefusal::too_long:
        break;
    }
    return "too_long";
}

std::optional<NameRefusal> check_upload_name(std::string_view name)
{
    if (name.empty())
        return NameRefusal::empty;
    // Most file systems allow 255 bytes in one name.
    if (name.size() > 255)
        return NameRefusal::too_long;
    for (std::size_t at = 0; at < name.size();) {
        const auto c = text::decode_utf8(name, at);
        if (!c.valid)
            return NameRefusal::invalid_utf8;
        if (c.code_point < 0x20 || c.code_point == 0x7F ||
            (c.code_point >= 0x80 && c.code_point <= 0x9F))
            return NameRefusal::control;
        at += c.length;
    }
    // Browsers send the name alone; a folder in it is a crafted request or an old browser, and a
    // name is never used as a path here anyway (files are kept under their hash).
    if (name.find_first_of("/\\") != std::string_view::npos)
        return NameRefusal::folders;
    if (name.find("..") != std::string_view::npos)
        return NameRefusal::parent;
    if (name.front() == '.')
        return NameRefusal::hidden;
    return std::nullopt;
}

std::string download_name(std::string_view name, const FileType& type)
{
    const auto dot = name.rfind('.');
    if (dot != std::string_view::npos) {
        std::string extension(name.substr(dot + 1));
        std::transform(extension.begin(), extension.end(), extension.begin(), ascii_lower);
        if (std::find(type.extensions.begin(), type.extensions.end(), extension) !=
            type.extensions.end())
            return std::string(name);
    }
    return std::string(name) + "." + std::string(type.extensions.front());
}

}  // namespace tablero::evidence
