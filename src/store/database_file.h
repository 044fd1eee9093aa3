// A look at an SQLite database file before SQLite opens it (private to the store
// module). SQLite reads a file that is no database only when asked a first question,
// and a truncated one fails only when a missing page is read, maybe in the middle of a
// commit; by then opening may have written to it (a WAL switch) or beside it (-wal,
// -shm). This check reads the 100-byte header and the length and writes nothing.
#pragma once

#include <string>

#include "inlet/common/status.h"

namespace inlet::store {

// Ok for a missing or empty file (SQLite makes a new database of it) and for a file
// whose header is plausible: SQLite's magic string, a page size SQLite writes, a length
// that is whole pages and holds every page the header counts. The length is not judged
// when a WAL with content lies beside the file: after a crash it may hold the pages the
// file lacks. Else kInternal "storage-corrupt" with what is wrong (the caller names the
// file).
Status CheckDatabaseFile(const std::string& path);

}  // namespace inlet::store
