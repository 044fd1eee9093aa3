// The composition root: the only place that knows every concrete type.
#pragma once

namespace inlet::app {

// Runs the command line and returns the process exit code.
int Main(int argc, char** argv);

}  // namespace inlet::app
