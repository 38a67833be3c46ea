// The single executable's entry: the layout engine's loader first (yoga.js), then the command line.
import './yoga.js';
import '../../dist/cli.js';
