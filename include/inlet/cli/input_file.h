// A file `inlet post` reads, or its standard input: bytes as they come, gunzipped when the
// content starts with gzip's magic bytes (whatever the name says), in slices, so a file
// of any size is read in constant memory.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "inlet/common/status.h"

namespace inlet::cli {

class InputFile {
 public:
  // `path` "-" is standard input. kNotFound "input-unreadable" naming the file and the
  // system's reason when it cannot be opened.
  static Result<std::unique_ptr<InputFile>> Open(const std::string& path);
  ~InputFile();
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  // Replaces `out` with the next decoded bytes; leaves it empty at the end. Errors
  // (kInvalidArgument "input-unreadable") name the file: a read error, or gzip data that
  // is damaged or ends early.
  Status Read(std::string& out);

  const std::string& name() const { return name_; }
  // Bytes read from the file so far, before decoding.
  uint64_t bytes_read() const { return bytes_read_; }
  // The file's size when it is a regular file (not a pipe or a terminal).
  std::optional<uint64_t> size() const { return size_; }

 private:
  struct Inflater;
  InputFile(int fd, std::string name, std::optional<uint64_t> size);
  Status ReadRaw(std::string& out);
  Status Inflate(std::string& out);
  Status Failure(const std::string& what) const;

  int fd_;
  std::string name_;
  std::optional<uint64_t> size_;
  uint64_t bytes_read_ = 0;
  std::string raw_;      // read from the file, not yet decoded
  size_t raw_used_ = 0;  // how much of raw_ zlib has consumed
  bool sniffed_ = false;
  bool end_of_file_ = false;
  std::unique_ptr<Inflater> inflater_;  // set when the content is gzip
};

}  // namespace inlet::cli
