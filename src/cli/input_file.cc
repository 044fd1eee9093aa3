#include "inlet/cli/input_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>

namespace inlet::cli {
namespace {

constexpr size_t kReadBytes = 1u << 20;
constexpr size_t kDecodedBytes = 4u << 20;

}  // namespace

struct InputFile::Inflater {
  z_stream stream{};
  bool member_ended = false;  // the last gzip member ended; another may follow
  Inflater() {
    // 15 + 32: gzip or zlib headers, detected by zlib.
    if (inflateInit2(&stream, 15 + 32) != Z_OK) throw std::bad_alloc();
  }
  ~Inflater() { inflateEnd(&stream); }
};

Result<std::unique_ptr<InputFile>> InputFile::Open(const std::string& path) {
  if (path == "-") {
    return std::unique_ptr<InputFile>(new InputFile(STDIN_FILENO, "standard input", std::nullopt));
  }
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return Status::NotFound("input-unreadable", path + ": " + std::strerror(errno));
  }
  struct stat info {};
  std::optional<uint64_t> size;
  if (::fstat(fd, &info) == 0) {
    if (S_ISDIR(info.st_mode)) {
      ::close(fd);
      return Status::NotFound("input-unreadable", path + ": is a directory");
    }
    if (S_ISREG(info.st_mode)) size = static_cast<uint64_t>(info.st_size);
  }
  return std::unique_ptr<InputFile>(new InputFile(fd, path, size));
}

InputFile::InputFile(int fd, std::string name, std::optional<uint64_t> size)
    : fd_(fd), name_(std::move(name)), size_(size) {}

InputFile::~InputFile() {
  if (fd_ != STDIN_FILENO) ::close(fd_);
}

Status InputFile::Failure(const std::string& what) const {
  return Status::InvalidArgument("input-unreadable", name_ + ": " + what);
}

Status InputFile::ReadRaw(std::string& out) {
  out.resize(kReadBytes);
  while (true) {
    ssize_t got = ::read(fd_, out.data(), out.size());
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return Failure(std::strerror(errno));
    out.resize(static_cast<size_t>(got));
    bytes_read_ += static_cast<uint64_t>(got);
    if (got == 0) end_of_file_ = true;
    return Status::Ok();
  }
}

Status InputFile::Read(std::string& out) {
  out.clear();
  if (!sniffed_) {
    sniffed_ = true;
    // Two bytes decide; a read may bring fewer.
    while (raw_.size() < 2 && !end_of_file_) {
      std::string more;
      INLET_RETURN_IF_ERROR(ReadRaw(more));
      raw_ += more;
    }
    if (raw_.size() >= 2 && static_cast<unsigned char>(raw_[0]) == 0x1f &&
        static_cast<unsigned char>(raw_[1]) == 0x8b) {
      inflater_ = std::make_unique<Inflater>();
    }
  }
  if (!inflater_) {
    if (!raw_.empty()) {
      out.swap(raw_);
      raw_.clear();
      return Status::Ok();
    }
    if (end_of_file_) return Status::Ok();
    return ReadRaw(out);
  }
  return Inflate(out);
}

Status InputFile::Inflate(std::string& out) {
  z_stream& stream = inflater_->stream;
  out.resize(kDecodedBytes);
  size_t produced = 0;
  while (produced == 0) {
    if (raw_used_ == raw_.size()) {
      if (end_of_file_) {
        if (!inflater_->member_ended) return Failure("the gzip data ends early");
        break;
      }
      INLET_RETURN_IF_ERROR(ReadRaw(raw_));
      raw_used_ = 0;
      continue;
    }
    if (inflater_->member_ended) {
      // Another gzip member follows (as `cat a.gz b.gz` or pigz make).
      if (inflateReset(&stream) != Z_OK) return Failure("the gzip data could not be decoded");
      inflater_->member_ended = false;
    }
    stream.next_in = reinterpret_cast<Bytef*>(raw_.data() + raw_used_);
    stream.avail_in = static_cast<uInt>(raw_.size() - raw_used_);
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    int result = inflate(&stream, Z_NO_FLUSH);
    raw_used_ = raw_.size() - stream.avail_in;
    produced = out.size() - stream.avail_out;
    if (result == Z_STREAM_END) {
      inflater_->member_ended = true;
    } else if (result != Z_OK && result != Z_BUF_ERROR) {
      return Failure(std::string("the gzip data is damaged: ") +
                     (stream.msg ? stream.msg : "zlib error " + std::to_string(result)));
    }
  }
  out.resize(produced);
  return Status::Ok();
}

}  // namespace inlet::cli
