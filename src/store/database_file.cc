#include "store/database_file.h"

#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <system_error>

namespace inlet::store {
namespace {

namespace fs = std::filesystem;

constexpr size_t kHeaderBytes = 100;
constexpr char kMagic[] = "SQLite format 3";  // and its NUL: 16 bytes

uint32_t BigEndian(const std::array<unsigned char, kHeaderBytes>& header, size_t at, size_t n) {
  uint32_t value = 0;
  for (size_t i = 0; i < n; ++i) value = (value << 8) | header[at + i];
  return value;
}

Status Corrupt(const std::string& why) {
  return Status(StatusCode::kInternal, "storage-corrupt", why);
}

}  // namespace

Status CheckDatabaseFile(const std::string& path) {
  std::error_code ec;
  const uintmax_t size = fs::file_size(path, ec);
  if (ec) {
    if (ec == std::errc::no_such_file_or_directory) return Status::Ok();
    return Status::Unavailable("storage-unavailable", path + ": " + ec.message());
  }
  if (size == 0) return Status::Ok();
  if (size < kHeaderBytes) {
    return Corrupt(std::to_string(size) + " bytes, shorter than a database header");
  }
  std::array<unsigned char, kHeaderBytes> header{};
  std::ifstream in(path, std::ios::binary);
  if (!in.read(reinterpret_cast<char*>(header.data()), kHeaderBytes)) {
    return Status::Unavailable("storage-unavailable", path + ": cannot read its header");
  }
  if (!std::equal(kMagic, kMagic + sizeof kMagic, header.begin())) {
    return Corrupt("not an SQLite database (its first bytes are not SQLite's header)");
  }
  uint32_t page_size = BigEndian(header, 16, 2);
  if (page_size == 1) page_size = 65536;
  if (page_size < 512 || page_size > 65536 || (page_size & (page_size - 1)) != 0) {
    return Corrupt("its header names an impossible page size, " + std::to_string(page_size));
  }

  const uintmax_t wal_size = fs::file_size(path + "-wal", ec);
  if (!ec && wal_size > 0) return Status::Ok();
  if (size % page_size != 0) {
    return Corrupt(std::to_string(size) + " bytes is not a whole number of " +
                   std::to_string(page_size) + "-byte pages: the file was cut short");
  }
  // The page count in the header is valid only when written by the same change as the
  // "version valid for" number (SQLite 3.7.0 and later always keep both).
  const uint32_t pages = BigEndian(header, 28, 4);
  const bool count_valid = pages > 0 && BigEndian(header, 24, 4) == BigEndian(header, 92, 4);
  if (count_valid && size < uintmax_t{pages} * page_size) {
    return Corrupt("it holds " + std::to_string(size / page_size) + " of its " +
                   std::to_string(pages) + " pages: the file was cut short");
  }
  return Status::Ok();
}

}  // namespace inlet::store
