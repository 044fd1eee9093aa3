// InputFile: plain and gzipped files (also several gzip members), read whole in slices;
// damaged or missing ones named.
#include "inlet/cli/input_file.h"

#include <gtest/gtest.h>

#include "inlet/common/gzip.h"
#include "support/temp_dir.h"

namespace inlet::cli {
namespace {

using testing::TempDir;
using testing::WriteFile;

Result<std::string> ReadAll(const std::string& path) {
  INLET_ASSIGN_OR_RETURN(auto file, InputFile::Open(path));
  std::string all;
  std::string chunk;
  do {
    INLET_RETURN_IF_ERROR(file->Read(chunk));
    all += chunk;
  } while (!chunk.empty());
  return all;
}

std::string Records(int count) {
  std::string text;
  for (int i = 0; i < count; ++i) text += "{\"n\":" + std::to_string(i) + "}\n";
  return text;
}

TEST(InputFileTest, PlainFilesAreReadAsTheyAre) {
  TempDir temp;
  std::string text = Records(300000);
  WriteFile(temp.File("r.ndjson"), text);
  auto read = ReadAll(temp.File("r.ndjson"));
  ASSERT_TRUE(read.ok()) << read.status().message();
  EXPECT_EQ(*read, text);
  auto file = InputFile::Open(temp.File("r.ndjson"));
  ASSERT_TRUE(file.ok());
  EXPECT_EQ((*file)->size(), text.size());
}

TEST(InputFileTest, GzipIsDetectedFromTheContentAndEveryMemberIsRead) {
  TempDir temp;
  std::string first = Records(200000);
  std::string second = "{\"last\":true}\n";
  WriteFile(temp.File("named.json"), Gzip(first) + Gzip(second));
  auto read = ReadAll(temp.File("named.json"));
  ASSERT_TRUE(read.ok()) << read.status().message();
  EXPECT_EQ(*read, first + second);
}

TEST(InputFileTest, DamagedOrTruncatedGzipIsNamed) {
  TempDir temp;
  std::string zipped = Gzip(Records(1000));
  WriteFile(temp.File("short.gz"), zipped.substr(0, zipped.size() / 2));
  auto shortened = ReadAll(temp.File("short.gz"));
  ASSERT_FALSE(shortened.ok());
  EXPECT_NE(shortened.status().message().find("short.gz: the gzip data ends early"),
            std::string::npos)
      << shortened.status().message();

  std::string damaged = zipped;
  damaged[20] = static_cast<char>(damaged[20] ^ 0xff);
  damaged[21] = static_cast<char>(damaged[21] ^ 0xff);
  WriteFile(temp.File("damaged.gz"), damaged);
  auto read = ReadAll(temp.File("damaged.gz"));
  ASSERT_FALSE(read.ok());
  EXPECT_NE(read.status().message().find("damaged.gz: the gzip data"), std::string::npos)
      << read.status().message();
}

TEST(InputFileTest, AMissingFileOrADirectoryIsNamed) {
  TempDir temp;
  auto missing = InputFile::Open(temp.File("nope.json"));
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("nope.json: No such file"), std::string::npos);
  auto directory = InputFile::Open(temp.path());
  ASSERT_FALSE(directory.ok());
  EXPECT_NE(directory.status().message().find("is a directory"), std::string::npos);
}

}  // namespace
}  // namespace inlet::cli
