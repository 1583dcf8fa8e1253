// multipart/form-data bodies (RFC 7578, RFC 2046 section 5.1): the boundary from the
// Content-Type, fields and files, exact CRLF handling, content that looks like a boundary,
// binary bytes, names as browsers encode them, and every malformed body refused with its reason.
#include "http/multipart.h"

#include <gtest/gtest.h>

namespace tablero::http {
namespace {

using namespace std::string_literals;

const std::string type = "multipart/form-data; boundary=XyZ";

TEST(Multipart, BoundaryFromTheContentType)
{
    struct Row {
        const char* content_type;
        const char* boundary;  // nullptr: refused
    };
    const Row rows[] = {
        {"multipart/form-data; boundary=XyZ", "XyZ"},
        {"Multipart/Form-Data;BOUNDARY=XyZ", "XyZ"},
        {"multipart/form-data; charset=utf-8; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW",
            "----WebKitFormBoundary7MA4YWxkTrZu0gW"},
        {"multipart/form-data; boundary=\"a b:c\"", "a b:c"},
        {"multipart/form-data; boundary=\"q\\\"\"", nullptr},  // '"' is not a bchar
        {"multipart/form-data; boundary=\"ends in space \"", nullptr},
        {"multipart/form-data", nullptr},
        {"multipart/form-data; boundary=", nullptr},
        {"multipart/form-data; boundary=\"unterminated", nullptr},
        {"multipart/mixed; boundary=XyZ", nullptr},
        {"application/x-www-form-urlencoded", nullptr},
        {"", nullptr},
        {"multipart/form-data; boundary=01234567890123456789012345678901234567890123456789"
         "012345678901234567890",
            nullptr},  // 71 characters
        {"multipart/form-data; boundary=a<b", nullptr},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.content_type);
        auto boundary = multipart_boundary(row.content_type);
        ASSERT_EQ(boundary.ok(), row.boundary != nullptr);
        if (row.boundary != nullptr)
            EXPECT_EQ(*boundary, row.boundary);
        else {
            EXPECT_EQ(boundary.error().code, ErrorCode::invalid_argument);
            EXPECT_EQ(boundary.error().where, "Content-Type");
        }
    }
}

TEST(Multipart, ParsesFieldsAndFiles)
{
    struct File {
        std::string field, filename, content_type, bytes;
        bool operator==(const File&) const = default;
    };
    struct Row {
        const char* name;
        std::string body;
        FormFields fields;
        std::vector<File> files;
    };
    const Row rows[] = {
        {"one field",
            "--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nInforme anual\r\n"
            "--XyZ--\r\n",
            {{"title", "Informe anual"}}, {}},
        {"a field and a file, in order",
            "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc\r\n"
            "--XyZ\r\nContent-Disposition: form-data; name=\"evidence\"; filename=\"a.pdf\"\r\n"
            "Content-Type: application/pdf\r\n\r\n%PDF-1.4\n...\r\n--XyZ--",
            {{"csrf", "abc"}}, {{"evidence", "a.pdf", "application/pdf", "%PDF-1.4\n..."}}},
        {"a preamble and an epilogue are ignored",
            "This is the preamble.\r\n--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1"
            "\r\n--XyZ--\r\nThis is the epilogue.\r\n--XyZ\r\n",
            {{"a", "1"}}, {}},
        {"white space after a delimiter (transport padding)",
            "--XyZ \t\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--XyZ--", {{"a", "1"}},
            {}},
        {"CRLF inside content is kept, the one before the delimiter is not",
            "--XyZ\r\nContent-Disposition: form-data; name=note\r\n\r\n\r\nline 1\r\nline 2\r\n"
            "\r\n--XyZ--",
            {{"note", "\r\nline 1\r\nline 2\r\n"}}, {}},
        {"an empty value", "--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n\r\n--XyZ--",
            {{"a", ""}}, {}},
        {"text like the boundary inside content",
            "--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n--XyZ no\r\n--XyZa\r\n"
            "x--XyZ--\r\n--XyZ--",
            {{"a", "--XyZ no\r\n--XyZa\r\nx--XyZ--"}}, {}},
        {"binary bytes with NUL, CR and LF",
            "--XyZ\r\nContent-Disposition: form-data; name=f; filename=b.png\r\n\r\n"
            "\x89PNG\r\n\x1a\n\0\0\r\0\xff\r\n--XyZ--"s,
            {}, {{"f", "b.png", "application/octet-stream", "\x89PNG\r\n\x1a\n\0\0\r\0\xff"s}}},
        {"a file input left empty is no file",
            "--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n\r\n--XyZ--",
            {}, {}},
        {"an empty file name with bytes is still a file, for the name check to refuse",
            "--XyZ\r\nContent-Disposition: form-data; name=f; filename=\"\"\r\n\r\nxy\r\n--XyZ--",
            {}, {{"f", "", "application/octet-stream", "xy"}}},
        {"an empty file with a name is a file",
            "--XyZ\r\nContent-Disposition: form-data; name=f; filename=\"e.csv\"\r\n\r\n\r\n"
            "--XyZ--",
            {}, {{"f", "e.csv", "application/octet-stream", ""}}},
        {"file names keep their folders as sent",
            "--XyZ\r\nContent-Disposition: form-data; name=f; filename=\"../../etc/passwd\"\r\n"
            "\r\nroot\r\n--XyZ\r\nContent-Disposition: form-data; name=f; "
            "filename=\"C:\\Users\\ana\\x.pdf\"\r\n\r\n%PDF-\r\n--XyZ--",
            {},
            {{"f", "../../etc/passwd", "application/octet-stream", "root"},
                {"f", "C:\\Users\\ana\\x.pdf", "application/octet-stream", "%PDF-"}}},
        {"quoted names: %22 and \\\" are quotes, %0A a line feed, \\\\ a backslash",
            "--XyZ\r\nContent-Disposition: form-data; name=\"a%22b\"; "
            "filename=\"say \\\"hi\\\" \\\\ %22x%22%0A.txt\"\r\n\r\nhi\r\n--XyZ--",
            {}, {{"a\"b", "say \"hi\" \\ \"x\"\n.txt", "application/octet-stream", "hi"}}},
        {"UTF-8 names and semicolons inside quotes",
            "--XyZ\r\nContent-Disposition: form-data; name=\"t\"; filename=\"año; 2024.pdf\"\r\n"
            "\r\n%PDF-\r\n--XyZ--",
            {}, {{"t", "año; 2024.pdf", "application/octet-stream", "%PDF-"}}},
        {"header names in any case; other headers ignored",
            "--XyZ\r\ncontent-disposition: FORM-DATA; NAME=\"x\"\r\nX-Extra: 1\r\n"
            "content-type: text/plain; charset=utf-8\r\n\r\nv\r\n--XyZ--",
            {{"x", "v"}}, {}},
        {"filename* is ignored (RFC 7578 section 4.2)",
            "--XyZ\r\nContent-Disposition: form-data; name=f; filename*=UTF-8''evil.exe; "
            "filename=\"ok.pdf\"\r\n\r\n%PDF-\r\n--XyZ--",
            {}, {{"f", "ok.pdf", "application/octet-stream", "%PDF-"}}},
        {"no parts at all", "--XyZ--\r\n", {}, {}},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        auto form = parse_multipart(type, row.body);
        ASSERT_TRUE(form.ok()) << describe(form.error());
        EXPECT_EQ(form->fields, row.fields);
        std::vector<File> files;
        for (const auto& file : form->files)
            files.push_back({file.field, file.filename, file.content_type, file.bytes});
        EXPECT_EQ(files, row.files);
    }
}

TEST(Multipart, RefusesMalformedBodies)
{
    struct Row {
        const char* name;
        std::string content_type;
        std::string body;
        const char* message_part;
    };
    const Row rows[] = {
        {"no boundary in the type", "multipart/form-data", "--XyZ--", "no boundary"},
        {"another boundary", type, "--Abc\r\nContent-Disposition: form-data; name=a\r\n\r\n1",
            "does not start with its boundary"},
        {"no closing delimiter", type, "--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1",
            "ends before its closing boundary"},
        {"a delimiter that is not followed by CRLF or --", type,
            "--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--XyZx",
            "ends before its closing boundary"},
        {"bare LF line endings", type,
            "--XyZ\nContent-Disposition: form-data; name=a\n\n1\n--XyZ--",
            "does not start with its boundary"},
        {"headers without their empty line", type,
            "--XyZ\r\nContent-Disposition: form-data; name=a\r\n--XyZ--",
            "do not end with an empty line"},
        {"a part without headers", type, "--XyZ\r\n\r\nvalue\r\n--XyZ--", "no Content-Disposition"},
        {"a header line without a name", type,
            "--XyZ\r\nContent-Disposition: form-data; name=a\r\n: x\r\n\r\n1\r\n--XyZ--",
            "header line without a name"},
        {"a header line without a colon", type,
            "--XyZ\r\nContent-Disposition: form-data; name=a\r\nnonsense\r\n\r\n1\r\n--XyZ--",
            "header line without a name"},
        {"a part without a field name", type,
            "--XyZ\r\nContent-Disposition: form-data; filename=\"a.pdf\"\r\n\r\n1\r\n--XyZ--",
            "no field name"},
        {"an empty field name", type,
            "--XyZ\r\nContent-Disposition: form-data; name=\"\"\r\n\r\n1\r\n--XyZ--",
            "no field name"},
        {"not form-data", type,
            "--XyZ\r\nContent-Disposition: attachment; name=a\r\n\r\n1\r\n--XyZ--",
            "not form-data"},
        {"an unterminated quote", type,
            "--XyZ\r\nContent-Disposition: form-data; name=\"a\r\n\r\n1\r\n--XyZ--",
            "no closing quote"},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        auto form = parse_multipart(row.content_type, row.body);
        ASSERT_FALSE(form.ok());
        EXPECT_EQ(form.error().code, ErrorCode::invalid_argument);
        EXPECT_NE(form.error().message.find(row.message_part), std::string::npos)
            << form.error().message;
    }
}

TEST(Multipart, LimitsThePartsAndTheirHeaders)
{
    std::string body;
    for (int part = 0; part < 5; ++part)
        body += "--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n";
    body += "--XyZ--";
    EXPECT_TRUE(parse_multipart(type, body, {.max_parts = 5}).ok());
    auto refused = parse_multipart(type, body, {.max_parts = 4});
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().message, "the form has more than 4 parts");

    const std::string long_header =
        "--XyZ\r\nContent-Disposition: form-data; name=a\r\nX-Pad: " + std::string(200, 'p') +
        "\r\n\r\n1\r\n--XyZ--";
    EXPECT_TRUE(parse_multipart(type, long_header, {.max_part_header_bytes = 300}).ok());
    EXPECT_FALSE(parse_multipart(type, long_header, {.max_part_header_bytes = 100}).ok());
}

TEST(Multipart, ReadsTheRequestsContentTypeAndFormValueWorks)
{
    RawRequest raw{Verb::post, "/x", 11};
    raw.set(Field::content_type, "multipart/form-data; boundary=\"XyZ\"");
    raw.body() = "--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nInforme\r\n"
                 "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\ntok\r\n--XyZ--\r\n";
    auto request = Request::from_raw(std::move(raw));
    ASSERT_TRUE(request.ok());
    auto form = parse_multipart(*request);
    ASSERT_TRUE(form.ok()) << describe(form.error());
    EXPECT_EQ(form_value(form->fields, "title"), "Informe");
    EXPECT_EQ(form_value(form->fields, "csrf"), "tok");
    EXPECT_EQ(form_value(form->fields, "missing"), "");
}

}  // namespace
}  // namespace tablero::http
