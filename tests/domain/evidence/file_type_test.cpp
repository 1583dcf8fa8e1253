// The type of an uploaded file from its bytes alone, the file name rule and the download name:
// real minimal byte samples, ZIPs laid out by hand and office documents made by Python's zipfile
// (fixtures/), OLE2 directories, executables under innocent names.
#include "domain/evidence/file_type.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace tablero::evidence {
namespace {

using namespace std::string_literals;

void put_le(std::string& out, std::uint32_t value, int width)
{
    for (int i = 0; i < width; ++i)
        out.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
}

// A ZIP with stored (uncompressed) entries, laid out as APPNOTE.TXT says: local file headers,
// the central directory, the end of central directory record. CRCs are left at zero: the
// detector reads names and layout, not data.
std::string make_zip(const std::vector<std::pair<std::string, std::string>>& entries)
{
    std::string out;
    std::string directory;
    for (const auto& [name, data] : entries) {
        const auto offset = static_cast<std::uint32_t>(out.size());
        out += "PK\x03\x04";
        put_le(out, 20, 2);  // version needed
        put_le(out, 0, 2);  // flags
        put_le(out, 0, 2);  // stored
        put_le(out, 0, 4);  // time, date
        put_le(out, 0, 4);  // CRC-32
        put_le(out, static_cast<std::uint32_t>(data.size()), 4);
        put_le(out, static_cast<std::uint32_t>(data.size()), 4);
        put_le(out, static_cast<std::uint32_t>(name.size()), 2);
        put_le(out, 0, 2);  // extra length
        out += name + data;

        directory += "PK\x01\x02";
        put_le(directory, 20, 2);  // made by
        put_le(directory, 20, 2);  // needed
        put_le(directory, 0, 2);
        put_le(directory, 0, 2);
        put_le(directory, 0, 4);
        put_le(directory, 0, 4);
        put_le(directory, static_cast<std::uint32_t>(data.size()), 4);
        put_le(directory, static_cast<std::uint32_t>(data.size()), 4);
        put_le(directory, static_cast<std::uint32_t>(name.size()), 2);
        put_le(directory, 0, 2);  // extra
        put_le(directory, 0, 2);  // comment
        put_le(directory, 0, 2);  // disk
        put_le(directory, 0, 2);  // internal attributes
        put_le(directory, 0, 4);  // external attributes
        put_le(directory, offset, 4);
        directory += name;
    }
    const auto directory_offset = static_cast<std::uint32_t>(out.size());
    out += directory;
    out += "PK\x05\x06";
    put_le(out, 0, 4);
    put_le(out, static_cast<std::uint32_t>(entries.size()), 2);
    put_le(out, static_cast<std::uint32_t>(entries.size()), 2);
    put_le(out, static_cast<std::uint32_t>(directory.size()), 4);
    put_le(out, directory_offset, 4);
    put_le(out, 0, 2);
    return out;
}

// An OLE2 compound file ([MS-CFB]): the signature, the rest of a 512-byte header, then one
// directory sector whose 128-byte entries name these streams.
std::string make_ole2(const std::vector<std::string>& streams)
{
    std::string out = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"s;
    out.resize(512, '\0');
    for (const auto& name : {"Root Entry"s}) {
        std::string entry;
        for (char c : name)
            entry += std::string{c, '\0'};
        entry.resize(64, '\0');
        put_le(entry, static_cast<std::uint32_t>((name.size() + 1) * 2), 2);
        entry.resize(128, '\0');
        out += entry;
    }
    for (const auto& name : streams) {
        std::string entry;
        for (char c : name)
            entry += std::string{c, '\0'};
        entry.resize(64, '\0');
        put_le(entry, static_cast<std::uint32_t>((name.size() + 1) * 2), 2);
        entry.push_back('\x02');  // a stream
        entry.resize(128, '\0');
        out += entry;
    }
    out.resize(1024, '\0');
    return out;
}

std::string with_padding(std::string bytes, std::size_t size = 600)
{
    if (bytes.size() < size)
        bytes.resize(size, '\0');
    return bytes;
}

const std::string content_types = "[Content_Types].xml";

TEST(FileType, DecidedFromContentAlone)
{
    struct Row {
        const char* name;
        std::string bytes;
        std::string file_name;
        // The media type when accepted, or the refusal code.
        std::string expected;
    };
    std::string tar = std::string(257, 'x') + "ustar" + std::string(250, '\0');
    const Row rows[] = {
        {"PDF", "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n", "informe.pdf", "application/pdf"},
        {"PDF under another name", "%PDF-1.4\n", "informe.exe", "application/pdf"},
        {"PDF marker not at the start", " %PDF-1.4\n\0"s, "x.pdf", "unknown"},
        {"PNG", with_padding("\x89PNG\r\n\x1A\n\0\0\0\rIHDR"s), "foto.png", "image/png"},
        {"JPEG", with_padding("\xFF\xD8\xFF\xE0\0\x10JFIF\0"s), "foto.jpg", "image/jpeg"},
        {"GIF89a", with_padding("GIF89a\x01\0\x01\0"s), "a.gif", "image/gif"},
        {"GIF87a", with_padding("GIF87a\x01\0\x01\0"s), "a.gif", "image/gif"},
        {"WebP", with_padding("RIFF\x24\0\0\0WEBPVP8 "s), "a.webp", "image/webp"},
        {"RIFF that is not WebP (WAVE)", with_padding("RIFF\x24\0\0\0WAVEfmt "s), "a.webp",
            "unknown"},
        {"DOCX", make_zip({{content_types, "<Types/>"}, {"word/document.xml", "<w/>"}}),
            "informe.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
        {"XLSX with [Content_Types].xml not first",
            make_zip({{"xl/workbook.xml", "<w/>"}, {content_types, "<Types/>"}}), "x.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
        {"PPTX", make_zip({{content_types, "<Types/>"}, {"ppt/presentation.xml", "<p/>"}}),
            "x.pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
        {"OOXML with macros",
            make_zip({{content_types, "<Types/>"}, {"word/document.xml", "<w/>"},
                {"word/vbaProject.bin", "\0\0"s}}),
            "x.docx", "macros"},
        {"ZIP with word/ but no [Content_Types].xml", make_zip({{"word/document.xml", "<w/>"}}),
            "x.docx", "archive"},
        {"ZIP with [Content_Types].xml and no application folder",
            make_zip({{content_types, "<Types/>"}, {"other/x.xml", "<x/>"}}), "x.docx", "archive"},
        {"ODT",
            make_zip(
                {{"mimetype", "application/vnd.oasis.opendocument.text"}, {"content.xml", "<c/>"}}),
            "x.odt", "application/vnd.oasis.opendocument.text"},
        {"ODS", make_zip({{"mimetype", "application/vnd.oasis.opendocument.spreadsheet"}}), "x.ods",
            "application/vnd.oasis.opendocument.spreadsheet"},
        {"ODP", make_zip({{"mimetype", "application/vnd.oasis.opendocument.presentation"}}),
            "x.odp", "application/vnd.oasis.opendocument.presentation"},
        {"ODF with Basic macros",
            make_zip({{"mimetype", "application/vnd.oasis.opendocument.text"},
                {"Basic/Standard/Module1.xml", "<m/>"}}),
            "x.odt", "macros"},
        {"ODF with another mimetype",
            make_zip({{"mimetype", "application/vnd.oasis.opendocument.graphics"}}), "x.odg",
            "archive"},
        {"mimetype not first",
            make_zip(
                {{"content.xml", "<c/>"}, {"mimetype", "application/vnd.oasis.opendocument.text"}}),
            "x.odt", "archive"},
        {"a plain ZIP", make_zip({{"a.txt", "hello"}}), "fotos.pdf", "archive"},
        {"a ZIP local header without a central directory", "PK\x03\x04\x14\0\0\0\0\0"s, "x.docx",
            "archive"},
        {"Word 97-2003", make_ole2({"WordDocument", "1Table"}), "x.doc", "application/msword"},
        {"Excel 97-2003", make_ole2({"Workbook"}), "x.xls", "application/vnd.ms-excel"},
        {"PowerPoint 97-2003", make_ole2({"PowerPoint Document", "Current User"}), "x.ppt",
            "application/vnd.ms-powerpoint"},
        {"Word with macros", make_ole2({"WordDocument", "Macros"}), "x.doc", "macros"},
        {"Excel with macros", make_ole2({"Workbook", "_VBA_PROJECT_CUR", "_VBA_PROJECT"}), "x.xls",
            "macros"},
        {"another compound file (a Windows Installer package)",
            make_ole2({"\x05SummaryInformation"}), "setup.doc", "unknown"},
        {"ELF renamed .pdf",
            with_padding("\x7F"
                         "ELF\x02\x01\x01\0"s),
            "informe.pdf", "executable"},
        {"Windows program", with_padding("MZ\x90\0\x03\0\0\0\x04\0\0\0\xFF\xFF\0\0"s),
            "informe.pdf", "executable"},
        {"Mach-O 64-bit", with_padding("\xCF\xFA\xED\xFE\x07\0\0\x01"s), "x.pdf", "executable"},
        {"Mach-O universal", with_padding("\xCA\xFE\xBA\xBE\0\0\0\x02"s), "x.pdf", "executable"},
        {"WebAssembly", with_padding("\0asm\x01\0\0\0"s), "x.pdf", "executable"},
        {"shell script", "#!/bin/sh\nrm -rf /\n", "datos.csv", "executable"},
        {"text starting with MZ is text", "MZA,total\n1,2\n", "datos.csv",
            "text/csv; charset=utf-8"},
        {"gzip", with_padding("\x1F\x8B\x08\0"s), "x.pdf", "archive"},
        {"7-Zip", with_padding("7z\xBC\xAF\x27\x1C\0\x04"s), "x.pdf", "archive"},
        {"RAR", with_padding("Rar!\x1A\x07\x01\0"s), "x.pdf", "archive"},
        {"tar", tar, "x.pdf", "archive"},
        {"CSV", "oficina,avance\r\nAsunción,80\r\n", "avance.csv", "text/csv; charset=utf-8"},
        {"CSV with a byte order mark", "\xEF\xBB\xBFoficina;avance\n", "AVANCE.CSV",
            "text/csv; charset=utf-8"},
        {"text under a .txt name", "Ocho de diez oficinas\tabiertas\n", "nota.txt",
            "text/plain; charset=utf-8"},
        {"text under a .pdf name", "a,b\n", "x.pdf", "text/plain; charset=utf-8"},
        {"text that starts with < and a digit", "<5% pendiente\n", "x.txt",
            "text/plain; charset=utf-8"},
        {"Latin-1, not UTF-8", "a\xF1o,1\n", "x.csv", "unknown"},
        {"a NUL byte", "a,b\0\n"s, "x.csv", "unknown"},
        {"an escape character", "a\x1B[31m,b\n", "x.csv", "unknown"},
        {"a C1 control (U+0085)",
            "a\xC2\x85"
            "b\n",
            "x.csv", "unknown"},
        {"HTML", "<!DOCTYPE html><html><script>alert(1)</script>", "x.csv", "markup"},
        {"HTML in lower case after spaces", "  \n<html>", "x.csv", "markup"},
        {"SVG", "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>", "x.csv",
            "markup"},
        {"XML", "<?xml version=\"1.0\"?><a/>", "x.csv", "markup"},
        {"a script after a byte order mark", "\xEF\xBB\xBF<script>alert(1)</script>", "x.csv",
            "markup"},
        {"empty", "", "x.pdf", "empty"},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        const auto check = check_content(row.bytes, row.file_name);
        if (check.accepted())
            EXPECT_EQ(check.type->media_type, row.expected);
        else
            EXPECT_EQ(to_string(check.refusal), row.expected);
    }
}

std::string read_fixture(const std::string& name)
{
    const char* source = std::getenv("TABLERO_SOURCE_DIR");
    const auto path =
        std::filesystem::path(source ? source : ".") / "tests/domain/evidence/fixtures" / name;
    std::ifstream file(path, std::ios::binary);
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

// Made by Python's zipfile (fixtures/make_fixtures.py): deflated entries, data after each local
// header, the central directory at the end, as office suites write them.
TEST(FileType, ReadsZipsAsRealWritersMakeThem)
{
    struct Row {
        const char* file;
        const char* expected;
    };
    const Row rows[] = {
        {"report.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
        {"budget.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
        {"slides.pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
        {"report.odt", "application/vnd.oasis.opendocument.text"},
        {"budget.ods", "application/vnd.oasis.opendocument.spreadsheet"},
        {"macros.docm", "macros"},
        {"photos.zip", "archive"},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.file);
        const auto bytes = read_fixture(row.file);
        ASSERT_FALSE(bytes.empty()) << "fixture missing";
        const auto check = check_content(bytes, row.file);
        if (check.accepted())
            EXPECT_EQ(check.type->media_type, row.expected);
        else
            EXPECT_EQ(to_string(check.refusal), row.expected);
    }
}

TEST(FileType, EveryAcceptedTypeIsFoundByItsMediaType)
{
    for (const auto& type : accepted_file_types()) {
        SCOPED_TRACE(std::string(type.media_type));
        EXPECT_EQ(file_type_for_media_type(type.media_type), &type);
        EXPECT_FALSE(type.extensions.empty());
    }
    EXPECT_EQ(file_type_for_media_type("text/html"), nullptr);
    EXPECT_TRUE(file_type_for_media_type("application/pdf")->shown_inline);
    EXPECT_TRUE(file_type_for_media_type("image/png")->shown_inline);
    EXPECT_FALSE(file_type_for_media_type("application/msword")->shown_inline);
    EXPECT_FALSE(file_type_for_media_type("text/csv; charset=utf-8")->shown_inline);
}

TEST(FileType, UploadNames)
{
    struct Row {
        std::string name;
        const char* refusal;  // nullptr: kept
    };
    const Row rows[] = {
        {"informe.pdf", nullptr},
        {"Informe anual 2024 (final).pdf", nullptr},
        {"año_avance—julio.xlsx", nullptr},
        {"sin extensión", nullptr},
        {"a.b.c.pdf", nullptr},
        {std::string(255, 'a'), nullptr},
        {"", "empty"},
        {std::string(256, 'a'), "too_long"},
        {"../../etc/passwd", "folders"},
        {"docs/informe.pdf", "folders"},
        {"C:\\Users\\ana\\informe.pdf", "folders"},
        {"..\\x.pdf", "folders"},
        {"..", "parent"},
        {"informe..pdf", "parent"},
        {".htaccess", "hidden"},
        {".", "hidden"},
        {"tab\there.pdf", "control"},
        {"line\nfeed.pdf", "control"},
        {"nul\0.pdf"s, "control"},
        {"del\x7F.pdf", "control"},
        {"c1\xC2\x9B.pdf", "control"},
        {"latin1\xF1.pdf", "invalid_utf8"},
        {"overlong\xC0\xAF.pdf", "invalid_utf8"},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        const auto refusal = check_upload_name(row.name);
        if (row.refusal == nullptr)
            EXPECT_FALSE(refusal.has_value()) << to_string(*refusal);
        else {
            ASSERT_TRUE(refusal.has_value());
            EXPECT_EQ(to_string(*refusal), row.refusal);
        }
    }
}

TEST(FileType, DownloadNamesEndInTheirKindsExtension)
{
    struct Row {
        const char* name;
        const char* media_type;
        const char* expected;
    };
    const Row rows[] = {
        {"informe.pdf", "application/pdf", "informe.pdf"},
        {"INFORME.PDF", "application/pdf", "INFORME.PDF"},
        {"informe.exe", "application/pdf", "informe.exe.pdf"},
        {"informe", "application/pdf", "informe.pdf"},
        {"foto.jpeg", "image/jpeg", "foto.jpeg"},
        {"foto.png", "image/jpeg", "foto.png.jpg"},
        {"run.bat", "text/plain; charset=utf-8", "run.bat.txt"},
        {"datos.csv", "text/csv; charset=utf-8", "datos.csv"},
        {"old.doc", "application/msword", "old.doc"},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        const FileType* type = file_type_for_media_type(row.media_type);
        ASSERT_NE(type, nullptr);
        EXPECT_EQ(download_name(row.name, *type), row.expected);
    }
}

}  // namespace
}  // namespace tablero::evidence
