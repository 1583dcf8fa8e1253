// The regression runner: a main that feeds every file of the folders it is given (a target's
// corpus and its regressions, fuzz/corpus/<target>/ and fuzz/regressions/<target>/) to the
// target's LLVMFuzzerTestOneInput, in name order, so that the inputs fuzzing found are replayed by
// `make test` with g++ (and under ASan/UBSan in its sanitizer build) without clang or libFuzzer.
// A failed check or a sanitizer report aborts, which fails the test; files whose names start
// with "." are skipped.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv);
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s FOLDER...\n", argv[0]);
        return 2;
    }
    LLVMFuzzerInitialize(&argc, &argv);
    std::size_t total = 0;
    for (int i = 1; i < argc; ++i) {
        const std::filesystem::path folder = argv[i];
        std::vector<std::filesystem::path> files;
        if (std::filesystem::is_directory(folder)) {
            for (const auto& entry : std::filesystem::directory_iterator(folder)) {
                if (entry.is_regular_file() && !entry.path().filename().string().starts_with("."))
                    files.push_back(entry.path());
            }
        } else {
            std::fprintf(stderr, "%s is not a folder\n", folder.c_str());
            return 2;
        }
        std::sort(files.begin(), files.end());
        for (const auto& file : files) {
            std::ifstream in(file, std::ios::binary);
            const std::string bytes(std::istreambuf_iterator<char>(in), {});
            std::fprintf(stderr, "%s\n", file.c_str());
            LLVMFuzzerTestOneInput(
                reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
        }
        std::fprintf(stderr, "%zu inputs from %s\n", files.size(), folder.c_str());
        total += files.size();
    }
    if (total == 0) {
        std::fprintf(stderr, "no inputs\n");
        return 1;
    }
    return 0;
}
