// Files a configuration implies.
#include "inlet/config/config.h"

namespace inlet::config {

std::string AdminTokenPath(const std::string& data_dir) { return data_dir + "/admin.token"; }

}  // namespace inlet::config
