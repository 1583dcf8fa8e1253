// Evidence files end to end without a socket: a multipart body parsed as the server would, the
// files checked and kept by store_uploaded_evidence, then served by GET /files/{sha256} with
// their type, disposition and headers; and the refusals the issue names (an oversized file, an
// executable renamed .pdf, a path-traversal name) give their clear message and keep nothing.
#include "domain/evidence/file_type.h"
#include "http/multipart.h"
#include "page_fixture.h"
#include "security/secrets.h"
#include "web/evidence/routes.h"
#include "web/evidence/uploads.h"

#include <fstream>
#include <sstream>

namespace tablero::web::testing {
namespace {

using namespace std::string_literals;

struct Part {
    std::string field;
    // nullptr: a text field.
    const char* filename;
    std::string bytes;
};

// A multipart/form-data body as a browser sends it, parsed by http::parse_multipart.
http::MultipartForm form_of(const std::vector<Part>& parts)
{
    std::string body;
    for (const auto& part : parts) {
        body += "--B0undary\r\nContent-Disposition: form-data; name=\"" + part.field + "\"";
        if (part.filename != nullptr)
            body += "; filename=\"" + std::string(part.filename) +
                "\"\r\nContent-Type: application/pdf";
        body += "\r\n\r\n" + part.bytes + "\r\n";
    }
    body += "--B0undary--\r\n";
    auto form = http::parse_multipart("multipart/form-data; boundary=B0undary", body);
    if (!form.ok())
        throw std::runtime_error(describe(form.error()));
    return std::move(form).value();
}

class EvidenceFilesTest : public PageTest {
protected:
    void SetUp() override
    {
        PageTest::SetUp();
        if (HasFatalFailure())
            return;
        auto created = m_accounts->create_account(
            {"ana@example.org", "Ana", accounts::Role::officer, {"Ministerio"}, "", "$hash"},
            storage::AuditActor::system("test"), "1970-01-01T00:00:00Z");
        ASSERT_TRUE(created.ok()) << describe(created.error());
        m_session.account = *created;
        // 2024-05-01.
        m_clock.advance(std::chrono::hours(24 * 19844));
    }

    Result<std::vector<plans::Evidence>> upload(const std::vector<Part>& parts,
        i18n::Language language = i18n::Language::en, std::string_view title_field = "title")
    {
        return evidence::store_uploaded_evidence(
            *m_context, language, form_of(parts), m_session, "evidence_file", title_field);
    }

    int evidence_rows()
    {
        auto counted = m_database->read([](soci::session& session) -> Result<int> {
            int count = 0;
            session << "SELECT COUNT(*) FROM evidence_files", soci::into(count);
            return count;
        });
        return counted.ok() ? *counted : -1;
    }

    std::size_t files_on_disk()
    {
        std::size_t count = 0;
        for (const auto& entry :
            std::filesystem::recursive_directory_iterator(m_folder / "files")) {
            if (entry.is_regular_file())
                ++count;
        }
        return count;
    }

    storage::SessionRecord m_session;
};

std::string fixture(const std::string& name)
{
    std::ifstream file(source_dir() / "tests/domain/evidence/fixtures" / name, std::ios::binary);
    std::ostringstream bytes;
    bytes << file.rdbuf();
    return bytes.str();
}

const std::string pdf = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj <<>> endobj\n\0binary\r\n"s;

TEST_F(EvidenceFilesTest, AnUploadedPdfIsServedInlineUnderItsHash)
{
    auto evidence = upload({{"csrf", nullptr, "token"}, {"title", nullptr, "  Informe de avance  "},
        {"evidence_file", "informe.pdf", pdf}});
    ASSERT_TRUE(evidence.ok()) << describe(evidence.error());
    ASSERT_EQ(evidence->size(), 1u);
    const std::string hash = security::sha256_hex(pdf);
    EXPECT_EQ(evidence->at(0).title, "Informe de avance");
    EXPECT_EQ(evidence->at(0).url, "/files/" + hash);
    EXPECT_EQ(evidence->at(0).date, (Date{2024, 5, 1}));
    EXPECT_EQ(evidence_rows(), 1);

    const auto response = get("/files/" + hash);
    EXPECT_EQ(response.result(), http::Status::ok);
    EXPECT_EQ(response.body(), pdf);
    EXPECT_EQ(header(response, http::Field::content_type), "application/pdf");
    EXPECT_EQ(header(response, http::Field::content_disposition),
        "inline; filename=\"informe.pdf\"; filename*=UTF-8''informe.pdf");
    EXPECT_EQ(std::string(response["X-Content-Type-Options"]), "nosniff");
    EXPECT_EQ(std::string(response["Content-Security-Policy"]),
        "default-src 'none'; style-src 'unsafe-inline'");
    EXPECT_EQ(header(response, http::Field::cache_control), "public, max-age=31536000, immutable");
    EXPECT_EQ(header(response, http::Field::etag), "\"" + hash + "\"");

    const auto revalidated =
        get("/files/" + hash, {{http::Field::if_none_match, "\"" + hash + "\""}});
    EXPECT_EQ(revalidated.result(), http::Status::not_modified);
    EXPECT_TRUE(revalidated.body().empty());
}

TEST_F(EvidenceFilesTest, OfficeDocumentsAndCsvAreDownloadedSandboxed)
{
    struct Row {
        const char* name;
        const char* filename;
        std::string bytes;
        std::string content_type;
        std::string disposition;
    };
    const Row rows[] = {
        {"DOCX made by a ZIP writer", "informe.docx", fixture("report.docx"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "attachment; filename=\"informe.docx\"; filename*=UTF-8''informe.docx"},
        {"CSV with an accented name", "avance año.csv", "oficina,avance\nAsunción,80\n",
            "text/csv; charset=utf-8",
            "attachment; filename=\"avance a_o.csv\"; filename*=UTF-8''avance%20a%C3%B1o.csv"},
        {"a PNG under a .jpg name keeps its own extension", "foto.jpg",
            "\x89PNG\r\n\x1A\n\0\0\0\rIHDR"s + std::string(64, '\0'), "image/png",
            "inline; filename=\"foto.jpg.png\"; filename*=UTF-8''foto.jpg.png"},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        ASSERT_FALSE(row.bytes.empty());
        auto evidence = upload({{"evidence_file", row.filename, row.bytes}});
        ASSERT_TRUE(evidence.ok()) << describe(evidence.error());
        ASSERT_EQ(evidence->size(), 1u);
        EXPECT_EQ(evidence->at(0).title, row.filename) << "no title given: the file's name";
        const auto response = get(evidence->at(0).url);
        EXPECT_EQ(response.result(), http::Status::ok);
        EXPECT_EQ(header(response, http::Field::content_type), row.content_type);
        EXPECT_EQ(header(response, http::Field::content_disposition), row.disposition);
        EXPECT_EQ(std::string(response["Content-Security-Policy"]), "default-src 'none'; sandbox");
        EXPECT_EQ(std::string(response["X-Content-Type-Options"]), "nosniff");
    }
}

TEST_F(EvidenceFilesTest, SeveralFilesOfOneFieldAndNoneAtAll)
{
    auto evidence = upload({{"title", nullptr, "Anexos"}, {"evidence_file", "a.pdf", "%PDF-1.7 a"},
        {"other_field", "ignored.pdf", "%PDF-1.7 other"}, {"evidence_file", "b.csv", "x,y\n"}});
    ASSERT_TRUE(evidence.ok()) << describe(evidence.error());
    ASSERT_EQ(evidence->size(), 2u);
    EXPECT_EQ(evidence->at(0).title, "Anexos (a.pdf)");
    EXPECT_EQ(evidence->at(1).title, "Anexos (b.csv)");
    EXPECT_EQ(evidence_rows(), 2);

    // A file input left empty is no file: nothing to keep, no error.
    auto none = upload({{"title", nullptr, "x"}, {"evidence_file", "", ""}});
    ASSERT_TRUE(none.ok()) << describe(none.error());
    EXPECT_TRUE(none->empty());
    EXPECT_EQ(evidence_rows(), 2);
}

TEST_F(EvidenceFilesTest, RefusedUploadsSayWhyAndKeepNothing)
{
    // Just under 12.3 MiB, shown rounded up to a tenth.
    const std::string big = "%PDF-1.4\n" + std::string(12897484 - 9, 'x');
    const std::string elf = "\x7F"
                            "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0\x3E\0"s;
    struct Row {
        const char* name;
        std::vector<Part> parts;
        i18n::Language language;
        std::string message;
    };
    const Row rows[] = {
        {"an oversized file", {{"evidence_file", "big.pdf", big}}, i18n::Language::en,
            "«big.pdf» is 12.3 MB; the limit is 10 MB"},
        {"an oversized file, in Spanish", {{"evidence_file", "big.pdf", big}}, i18n::Language::es,
            "«big.pdf» ocupa 12,3 MB; el límite es 10 MB"},
        {"an executable renamed .pdf", {{"evidence_file", "informe.pdf", elf}}, i18n::Language::en,
            "«informe.pdf» is not a PDF, image, office document or CSV file: its content is an "
            "executable program"},
        {"an executable renamed .pdf, in Spanish", {{"evidence_file", "informe.pdf", elf}},
            i18n::Language::es,
            "«informe.pdf» no es un PDF, una imagen, un documento de oficina ni un archivo CSV: su "
            "contenido es un programa ejecutable"},
        {"a path-traversal name", {{"evidence_file", "../../etc/passwd", "root:x:0:0\n"}},
            i18n::Language::en, "«../../etc/passwd»: file names cannot contain folders"},
        {"a parent reference without a slash", {{"evidence_file", "..", "%PDF-1.4"}},
            i18n::Language::en, "«..»: file names cannot contain “..”"},
        {"a control character, shown as a replacement",
            {{"evidence_file", "a%0Ab.pdf", "%PDF-1.4"}}, i18n::Language::en,
            "«a\xEF\xBF\xBD"
            "b.pdf»: file names cannot contain control characters"},
        {"a web page", {{"evidence_file", "x.csv", "<html><script>alert(1)</script>"}},
            i18n::Language::en,
            "«x.csv» is not a PDF, image, office document or CSV file: its content is a web page "
            "or XML"},
        {"an empty file", {{"evidence_file", "vacio.pdf", ""}}, i18n::Language::en,
            "«vacio.pdf» is empty"},
        {"a good file before a bad one: neither is kept",
            {{"evidence_file", "bueno.pdf", pdf}, {"evidence_file", "informe.pdf", elf}},
            i18n::Language::en,
            "«informe.pdf» is not a PDF, image, office document or CSV file: its content is an "
            "executable program"},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        auto evidence = upload(row.parts, row.language);
        ASSERT_FALSE(evidence.ok());
        EXPECT_EQ(evidence.error().code, ErrorCode::invalid_argument);
        EXPECT_EQ(evidence.error().where, "evidence_file");
        EXPECT_EQ(evidence.error().message, row.message);
        EXPECT_EQ(evidence_rows(), 0);
        EXPECT_EQ(files_on_disk(), 0u);
    }
    EXPECT_EQ(get("/files/" + security::sha256_hex(pdf)).result(), http::Status::not_found);
}

TEST_F(EvidenceFilesTest, UnknownAndMalformedHashesAreNotFound)
{
    ASSERT_TRUE(upload({{"evidence_file", "informe.pdf", pdf}}).ok());
    const std::string hash = security::sha256_hex(pdf);
    std::string upper = hash;
    for (auto& c : upper)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    for (const std::string& key : {std::string(64, '0'), upper, hash.substr(0, 63), hash + "0",
             std::string("abc"), std::string("..%2F..%2Fetc%2Fpasswd")}) {
        SCOPED_TRACE(key);
        EXPECT_EQ(get("/files/" + key).result(), http::Status::not_found);
    }
    EXPECT_EQ(get("/files/" + hash).result(), http::Status::ok);
}

TEST(ContentDisposition, AsciiFallbackAndRfc8187Name)
{
    struct Row {
        const char* name;
        const char* expected;
    };
    const Row rows[] = {
        {"a.pdf", "inline; filename=\"a.pdf\"; filename*=UTF-8''a.pdf"},
        {"say \"hi\"; x,y%.pdf",
            "inline; filename=\"say _hi__ x_y_.pdf\"; "
            "filename*=UTF-8''say%20%22hi%22%3B%20x%2Cy%25.pdf"},
        {"informe—final €.pdf",
            "inline; filename=\"informe_final _.pdf\"; "
            "filename*=UTF-8''informe%E2%80%94final%20%E2%82%AC.pdf"},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        EXPECT_EQ(evidence::content_disposition("inline", row.name), row.expected);
    }
}

}  // namespace
}  // namespace tablero::web::testing
