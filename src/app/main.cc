#include "inlet/app/app.h"

int main(int argc, char** argv) { return inlet::app::Main(argc, argv); }
