#include "storage/file_store.h"

#include "security/secrets.h"

#include <nlohmann/json.hpp>
#include <soci/soci.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace tablero::storage {

namespace {

using nlohmann::json;

std::string system_error_text(int error)
{
    return std::strerror(error);
}

// fsync on a folder, so that a rename into it survives a power cut (POSIX leaves a rename's
// durability to the folder's own sync).
void sync_folder(const std::filesystem::path& folder)
{
    const int descriptor = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY);
    if (descriptor < 0)
        return;
    ::fsync(descriptor);
    ::close(descriptor);
}

// Writes bytes to a new temporary file in folder, flushes it to disk and renames it to target:
// readers see the whole file or none.
Result<void> write_atomically(const std::filesystem::path& folder,
    const std::filesystem::path& target, std::string_view bytes)
{
    std::string pattern = (folder / ".upload-XXXXXX").string();
    const int descriptor = ::mkstemp(pattern.data());
    if (descriptor < 0)
        return fail(ErrorCode::unavailable,
            "cannot create a file in the files folder: " + system_error_text(errno),
            folder.string());
    auto give_up = [&](const std::string& what) {
        const int error = errno;
        ::close(descriptor);
        ::unlink(pattern.c_str());
        return fail(
            ErrorCode::unavailable, what + ": " + system_error_text(error), folder.string());
    };
    std::size_t written = 0;
    while (written < bytes.size()) {
        const auto count = ::write(descriptor, bytes.data() + written, bytes.size() - written);
        if (count < 0) {
            if (errno == EINTR)
                continue;
            return give_up("cannot write an uploaded file");
        }
        written += static_cast<std::size_t>(count);
    }
    // Readable by the server's own user and group, as the database file is.
    if (::fchmod(descriptor, 0640) != 0 || ::fsync(descriptor) != 0)
        return give_up("cannot flush an uploaded file to disk");
    if (::close(descriptor) != 0) {
        const int error = errno;
        ::unlink(pattern.c_str());
        return fail(ErrorCode::unavailable,
            "cannot close an uploaded file: " + system_error_text(error), folder.string());
    }
    if (::rename(pattern.c_str(), target.c_str()) != 0) {
        const int error = errno;
        ::unlink(pattern.c_str());
        return fail(ErrorCode::unavailable,
            "cannot move an uploaded file into place: " + system_error_text(error),
            folder.string());
    }
    sync_folder(folder);
    return {};
}

json file_json(const StoredFile& file)
{
    return {{"sha256", file.sha256}, {"media_type", file.media_type},
        {"size_bytes", file.size_bytes}, {"original_name", file.original_name}};
}

std::string dump(const json& value)
{
    return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::optional<StoredFile> select_file(soci::session& session, const std::string& sha256)
{
    StoredFile file;
    long long size = 0;
    long long uploaded_by = 0;
    soci::indicator uploaded_by_indicator = soci::i_null;
    session << "SELECT sha256, media_type, size_bytes, original_name, uploaded_by, uploaded_at"
               " FROM evidence_files WHERE sha256 = :sha256",
        soci::use(sha256), soci::into(file.sha256), soci::into(file.media_type), soci::into(size),
        soci::into(file.original_name), soci::into(uploaded_by, uploaded_by_indicator),
        soci::into(file.uploaded_at);
    if (!session.got_data())
        return std::nullopt;
    file.size_bytes = size;
    if (uploaded_by_indicator == soci::i_ok)
        file.uploaded_by = uploaded_by;
    return file;
}

class SqlFileStore final : public FileStore {
public:
    SqlFileStore(Database& database, std::filesystem::path folder)
        : m_database(database), m_folder(std::move(folder))
    {
    }

    Result<std::vector<StoredFile>> store(
        const std::vector<NewFile>& files, const AuditActor& by, const std::string& at) override
    {
        if (!by.account_id)
            return fail(ErrorCode::unauthenticated, "only an account uploads files");
        // The bytes first, so that a row never names a file that is not there.
        std::vector<StoredFile> wanted;
        std::vector<std::filesystem::path> added;
        auto undo = [&](Error error) {
            remove_unrecorded(added);
            return error;
        };
        for (const auto& file : files) {
            StoredFile stored;
            stored.sha256 = security::sha256_hex(file.bytes);
            stored.media_type = file.media_type;
            stored.size_bytes = static_cast<std::int64_t>(file.bytes.size());
            stored.original_name = file.original_name;
            stored.uploaded_by = by.account_id;
            stored.uploaded_at = at;
            auto placed = place(stored.sha256, file.bytes);
            if (!placed.ok())
                return undo(std::move(placed).error());
            if (*placed)
                added.push_back(path_of(stored.sha256));
            wanted.push_back(std::move(stored));
        }
        auto recorded =
            m_database.write_unseen([&](soci::session& session) -> Result<std::vector<StoredFile>> {
                std::vector<StoredFile> out;
                for (const auto& file : wanted) {
                    // The same bytes uploaded again keep their first record; the upload is
                    // still audited, under the account that made it.
                    const auto before = select_file(session, file.sha256);
                    if (!before) {
                        long long account = *file.uploaded_by;
                        const long long size = file.size_bytes;
                        session << "INSERT INTO evidence_files (sha256, media_type, size_bytes,"
                                   " original_name, uploaded_by, uploaded_at) VALUES (:sha256,"
                                   " :media_type, :size, :name, :by, :at)",
                            soci::use(file.sha256), soci::use(file.media_type), soci::use(size),
                            soci::use(file.original_name), soci::use(account),
                            soci::use(file.uploaded_at);
                    }
                    const StoredFile after = before.value_or(file);
                    json after_json = file_json(after);
                    after_json["uploaded_as"] = file.original_name;
                    append_audit(session,
                        {0, at, by, "upload_evidence_file", "evidence_file", file.sha256,
                            before ? dump(file_json(*before)) : "", dump(after_json)});
                    out.push_back(after);
                }
                return out;
            });
        if (!recorded.ok())
            return undo(std::move(recorded).error());
        return recorded;
    }

    Result<std::optional<StoredFile>> find(const std::string& sha256) override
    {
        if (!is_sha256_hex(sha256))
            return std::optional<StoredFile>{};
        return m_database.read([&](soci::session& session) -> Result<std::optional<StoredFile>> {
            return select_file(session, sha256);
        });
    }

    std::filesystem::path path_of(const std::string& sha256) const override
    {
        if (!is_sha256_hex(sha256))
            return {};
        return m_folder / sha256.substr(0, 2) / sha256;
    }

    const std::filesystem::path& folder() const override { return m_folder; }

private:
    // Puts bytes under their hash. True when this call wrote them, false when the same bytes
    // were there already (same hash and size: a partial file never carries the final name).
    Result<bool> place(const std::string& sha256, std::string_view bytes)
    {
        const auto target = path_of(sha256);
        const auto shard = target.parent_path();
        std::error_code error;
        std::filesystem::create_directories(shard, error);
        if (error)
            return fail(ErrorCode::unavailable,
                "cannot create a folder for uploaded files: " + error.message(), shard.string());
        const auto size = std::filesystem::file_size(target, error);
        if (!error && size == bytes.size())
            return false;
        if (auto written = write_atomically(shard, target, bytes); !written.ok())
            return std::move(written).error();
        return true;
    }

    // Removes the files this call added when no record names them (the transaction failed);
    // a record made meanwhile by another upload of the same bytes keeps its file.
    void remove_unrecorded(const std::vector<std::filesystem::path>& added)
    {
        for (const auto& path : added) {
            const std::string sha256 = path.filename().string();
            auto found = find(sha256);
            if (!found.ok() || found->has_value())
                continue;
            std::error_code ignored;
            std::filesystem::remove(path, ignored);
        }
    }

    Database& m_database;
    std::filesystem::path m_folder;
};

}  // namespace

bool is_sha256_hex(std::string_view text)
{
    return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    });
}

Result<std::unique_ptr<FileStore>> open_file_store(Database& database, std::filesystem::path folder)
{
    std::error_code error;
    std::filesystem::create_directories(folder, error);
    if (error)
        return fail(ErrorCode::unavailable,
            "cannot create the folder for uploaded files: " + error.message(), folder.string());
    // A folder the server cannot write to fails at start, not at the first upload.
    std::string probe = (folder / ".probe-XXXXXX").string();
    const int descriptor = ::mkstemp(probe.data());
    if (descriptor < 0)
        return fail(ErrorCode::unavailable,
            "cannot write to the folder for uploaded files: " + system_error_text(errno),
            folder.string());
    ::close(descriptor);
    ::unlink(probe.c_str());
    return std::unique_ptr<FileStore>(std::make_unique<SqlFileStore>(database, std::move(folder)));
}

}  // namespace tablero::storage
