// The file store on both backends: bytes under their SHA-256 in a sharded folder, one record per
// distinct content (the first name kept), every upload audited, all or nothing when the
// transaction fails, and no temporary file left behind.
#include "backend_fixture.h"
#include "security/secrets.h"
#include "storage/account_store.h"
#include "storage/audit_log.h"
#include "storage/file_store.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

namespace tablero::storage {
namespace {

using namespace std::string_literals;

class FileStoreContract : public contract::BackendFixture {
protected:
    void SetUp() override
    {
        BackendFixture::SetUp();
        if (IsSkipped() || HasFatalFailure())
            return;
        std::string pattern =
            (std::filesystem::temp_directory_path() / "tablero-files-XXXXXX").string();
        ASSERT_NE(mkdtemp(pattern.data()), nullptr);
        m_root = pattern;
        m_database = open_migrated();
        auto files = open_file_store(*m_database, m_root / "files");
        ASSERT_TRUE(files.ok()) << describe(files.error());
        m_files = std::move(*files);
        auto accounts = make_account_store(*m_database);
        auto created = accounts->create_account(
            {"ana@example.org", "Ana", accounts::Role::officer, {"Ministerio"}, "", "$hash"},
            AuditActor::system("test"), "2024-01-01T00:00:00Z");
        ASSERT_TRUE(created.ok()) << describe(created.error());
        m_officer = {created->id, "ana@example.org", "officer"};
    }

    void TearDown() override
    {
        m_files.reset();
        m_database.reset();
        std::error_code ignored;
        if (!m_root.empty())
            std::filesystem::remove_all(m_root, ignored);
    }

    int rows()
    {
        auto counted = m_database->read([](soci::session& session) -> Result<int> {
            int count = 0;
            session << "SELECT COUNT(*) FROM evidence_files", soci::into(count);
            return count;
        });
        return counted.ok() ? *counted : -1;
    }

    // Every regular file under the files folder, temporary ones included.
    std::vector<std::string> files_on_disk()
    {
        std::vector<std::string> out;
        for (const auto& entry : std::filesystem::recursive_directory_iterator(m_root / "files")) {
            if (entry.is_regular_file())
                out.push_back(
                    std::filesystem::relative(entry.path(), m_root / "files").generic_string());
        }
        std::sort(out.begin(), out.end());
        return out;
    }

    static std::string read(const std::filesystem::path& path)
    {
        std::ifstream file(path, std::ios::binary);
        std::ostringstream text;
        text << file.rdbuf();
        return text.str();
    }

    std::filesystem::path m_root;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<FileStore> m_files;
    AuditActor m_officer;
};

TEST_P(FileStoreContract, KeepsBytesUnderTheirHashWithARecordAndAnAuditEntry)
{
    const std::string pdf = "%PDF-1.4\n\0\xFF binary\r\n"s;
    const std::string hash = security::sha256_hex(pdf);
    auto stored = m_files->store(
        {{pdf, "application/pdf", "informe.pdf"}}, m_officer, "2024-05-01T10:00:00Z");
    ASSERT_TRUE(stored.ok()) << describe(stored.error());
    ASSERT_EQ(stored->size(), 1u);
    EXPECT_EQ(stored->at(0).sha256, hash);
    EXPECT_EQ(stored->at(0).size_bytes, static_cast<std::int64_t>(pdf.size()));

    const auto path = m_files->path_of(hash);
    EXPECT_EQ(path, m_root / "files" / hash.substr(0, 2) / hash);
    EXPECT_EQ(read(path), pdf);
    EXPECT_EQ(files_on_disk(), std::vector<std::string>{hash.substr(0, 2) + "/" + hash});

    auto found = m_files->find(hash);
    ASSERT_TRUE(found.ok()) << describe(found.error());
    ASSERT_TRUE(found->has_value());
    EXPECT_EQ((*found)->media_type, "application/pdf");
    EXPECT_EQ((*found)->original_name, "informe.pdf");
    EXPECT_EQ((*found)->size_bytes, static_cast<std::int64_t>(pdf.size()));
    EXPECT_EQ((*found)->uploaded_by, m_officer.account_id);
    EXPECT_EQ((*found)->uploaded_at, "2024-05-01T10:00:00Z");

    auto audit = AuditLog(*m_database).entries("evidence_file", hash);
    ASSERT_TRUE(audit.ok());
    ASSERT_EQ(audit->size(), 1u);
    EXPECT_EQ(audit->at(0).action, "upload_evidence_file");
    EXPECT_EQ(audit->at(0).actor.name, "ana@example.org");
    EXPECT_EQ(audit->at(0).before_json, "");
    EXPECT_NE(audit->at(0).after_json.find("\"original_name\":\"informe.pdf\""), std::string::npos)
        << audit->at(0).after_json;
}

TEST_P(FileStoreContract, TheSameBytesAreKeptOnceAndNotRewritten)
{
    const std::string csv = "a,b\n1,2\n";
    const std::string hash = security::sha256_hex(csv);
    ASSERT_TRUE(m_files
                    ->store({{csv, "text/csv; charset=utf-8", "datos.csv"}}, m_officer,
                        "2024-05-01T10:00:00Z")
                    .ok());
    struct stat before { };
    ASSERT_EQ(::stat(m_files->path_of(hash).c_str(), &before), 0);

    // Uploaded again under another name, twice in one request: one file, one record, the first
    // name; three audited uploads.
    auto again = m_files->store({{csv, "text/csv; charset=utf-8", "otra.csv"},
                                    {csv, "text/csv; charset=utf-8", "tercera.csv"}},
        m_officer, "2024-05-02T10:00:00Z");
    ASSERT_TRUE(again.ok()) << describe(again.error());
    ASSERT_EQ(again->size(), 2u);
    EXPECT_EQ(again->at(0).original_name, "datos.csv");
    EXPECT_EQ(again->at(1).sha256, hash);
    struct stat after { };
    ASSERT_EQ(::stat(m_files->path_of(hash).c_str(), &after), 0);
    EXPECT_EQ(after.st_ino, before.st_ino) << "the file was rewritten";
    EXPECT_EQ(rows(), 1);
    EXPECT_EQ(files_on_disk().size(), 1u);
    auto audit = AuditLog(*m_database).entries("evidence_file", hash);
    ASSERT_TRUE(audit.ok());
    ASSERT_EQ(audit->size(), 3u);
    EXPECT_NE(audit->at(1).before_json.find("datos.csv"), std::string::npos);
    EXPECT_NE(audit->at(1).after_json.find("\"uploaded_as\":\"otra.csv\""), std::string::npos);
}

TEST_P(FileStoreContract, SeveralFilesInOneCall)
{
    auto stored =
        m_files->store({{"%PDF-1", "application/pdf", "a.pdf"}, {"GIF89a..", "image/gif", "b.gif"}},
            m_officer, "2024-05-01T10:00:00Z");
    ASSERT_TRUE(stored.ok()) << describe(stored.error());
    EXPECT_EQ(rows(), 2);
    EXPECT_EQ(files_on_disk().size(), 2u);
    for (const auto& file : *stored)
        EXPECT_TRUE(std::filesystem::exists(m_files->path_of(file.sha256)));
}

TEST_P(FileStoreContract, AFailedTransactionLeavesNoFileAndNoRecord)
{
    // An account id that does not exist breaks the foreign key: the transaction rolls back and
    // the bytes written before it are removed.
    const AuditActor ghost{987654, "ghost@example.org", "officer"};
    auto stored = m_files->store(
        {{"%PDF-1 ghost", "application/pdf", "a.pdf"}, {"GIF89a ghost", "image/gif", "b.gif"}},
        ghost, "2024-05-01T10:00:00Z");
    ASSERT_FALSE(stored.ok());
    EXPECT_EQ(rows(), 0);
    EXPECT_TRUE(files_on_disk().empty());

    // Without an account nothing is attempted.
    auto anonymous = m_files->store({{"%PDF-1", "application/pdf", "a.pdf"}},
        AuditActor::system("test"), "2024-05-01T10:00:00Z");
    ASSERT_FALSE(anonymous.ok());
    EXPECT_EQ(anonymous.error().code, ErrorCode::unauthenticated);
    EXPECT_TRUE(files_on_disk().empty());
}

TEST_P(FileStoreContract, UnknownAndMalformedHashes)
{
    const std::string unknown(64, 'a');
    struct Row {
        std::string key;
        bool well_formed;
    };
    const Row rows[] = {
        {unknown, true},
        {std::string(64, 'A'), false},
        {std::string(63, 'a'), false},
        {std::string(65, 'a'), false},
        {"../" + std::string(61, 'a'), false},
        {"", false},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.key);
        EXPECT_EQ(is_sha256_hex(row.key), row.well_formed);
        auto found = m_files->find(row.key);
        ASSERT_TRUE(found.ok());
        EXPECT_FALSE(found->has_value());
        EXPECT_EQ(m_files->path_of(row.key).empty(), !row.well_formed);
    }
}

TEST_P(FileStoreContract, AFolderThatCannotBeMadeIsRefusedAtOpening)
{
    std::ofstream(m_root / "plain-file") << "x";
    auto opened = open_file_store(*m_database, m_root / "plain-file" / "files");
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.error().code, ErrorCode::unavailable);
    EXPECT_NE(opened.error().where.find("plain-file"), std::string::npos);
}

TABLERO_INSTANTIATE_BACKENDS(FileStoreContract);

}  // namespace
}  // namespace tablero::storage
