/**
 * `matchscope`: the engine, headless. Parses the command line, runs one command, and turns every
 * failure into one line on stderr and an exit code: 0 done, 1 failed, 2 bad command line.
 */
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, exitCodeOf, oneLine, UsageError } from './errors';

interface Command {
  readonly help: string;
  run(args: string[]): Promise<void>;
}

// Commands load on demand: they pull in TensorFlow.js, which a typo or `--help` should not wait for.
const COMMANDS: Record<string, () => Promise<Command>> = {
  describe: async () => {
    const m = await import('./commands/describe');
    return { help: m.DESCRIBE_HELP, run: m.runDescribe };
  },
  match: async () => {
    const m = await import('./commands/match');
    return { help: m.MATCH_HELP, run: m.runMatch };
  },
  keypoints: async () => {
    const m = await import('./commands/keypoints');
    return { help: m.KEYPOINTS_HELP, run: m.runKeypoints };
  },
  eval: async () => {
    const m = await import('./commands/eval');
    return { help: m.EVAL_HELP, run: m.runEval };
  },
  train: async () => {
    const m = await import('./train');
    return { help: m.TRAIN_HELP, run: m.runTrain };
  },
};

const TOOL_HELP = `Usage: matchscope <command> [options]

Dense local image descriptors and their matches, computed with TensorFlow.js (wasm backend).

Commands:
  describe   descriptors of one image on a grid or at given points → JSON or .npy
  match      nearest-neighbour matches between two images → the app's matches JSON
  keypoints  Lowe's DoG keypoints with their SIFT descriptors, or BRISK's (--method brisk) → JSON
  eval       descriptors scored against ground truth (PCK, mutual precision, EPE) on a pair or a suite
  train      train a learned model (mccnn on a stereo pair; deepdesc, 2ch on photo warps) → weights and a card

Run 'matchscope <command> --help' for a command's options.
Exit status: 0 done, 1 failed (unreadable image, write error, ...), 2 bad command line.
Errors are one line on stderr; set MATCHSCOPE_DEBUG=1 to add the stack trace.
`;

const wantsHelp = (args: string[]) => args.some((a) => a === '--help' || a === '-h');

/** Runs the command line `argv` (without node and the script). Resolves to the exit code. */
async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    process.stderr.write(TOOL_HELP);
    return EXIT_USAGE;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    const topic = rest[0] !== undefined && Object.hasOwn(COMMANDS, rest[0]) ? await COMMANDS[rest[0]]() : undefined;
    process.stdout.write(topic ? topic.help : TOOL_HELP);
    return EXIT_OK;
  }
  let command: Command | undefined;
  try {
    if (!Object.hasOwn(COMMANDS, name)) throw new UsageError(`unknown command '${name}' (commands: ${Object.keys(COMMANDS).join(', ')}; see 'matchscope --help')`);
    command = await COMMANDS[name]();
    if (wantsHelp(rest)) {
      process.stdout.write(command.help);
      return EXIT_OK;
    }
    await command.run(rest);
    return EXIT_OK;
  } catch (e) {
    const hint = e instanceof UsageError && command ? ` (see 'matchscope ${name} --help')` : '';
    process.stderr.write(`matchscope: ${command ? `${name}: ` : ''}${oneLine(e)}${hint}\n`);
    if (process.env.MATCHSCOPE_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    return exitCodeOf(e);
  }
}

/**
 * Failures outside a command's own try: a reader that closes the pipe early (`matchscope match ... | head`)
 * ends the run quietly, like other Unix tools; anything else is a bug, still reported on one line. Installed
 * before TensorFlow.js loads, whose wasm module adds listeners that rethrow (printing its minified source).
 */
function handleStrayErrors(): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(EXIT_OK);
    fail(e);
  });
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);
}

function fail(e: unknown): never {
  process.stderr.write(`matchscope: internal error: ${oneLine(e)}\n`);
  if (process.env.MATCHSCOPE_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
  process.exit(EXIT_FAILURE);
}

handleStrayErrors();
process.exitCode = await main(process.argv.slice(2));
