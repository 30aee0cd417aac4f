/**
 * `pecan completion bash|zsh`: a shell completion script for the commands and their flags,
 * made from each command's help text, so the scripts name what the commands accept.
 */
import { UsageError } from "../../index.js";
import { boolFlag, parseFlags } from "../args.js";

export const COMPLETION_HELP = `pecan completion bash|zsh

Prints a completion script for the commands and their flags (file names complete as usual).

  bash:  eval "$(pecan completion bash)"              (or save it in /etc/bash_completion.d/pecan)
  zsh:   source <(pecan completion zsh)               (or save it as _pecan in a folder of $fpath)
`;

/** One command as completion sees it. */
export interface CompletionEntry {
  readonly name: string;
  readonly summary: string;
  readonly flags: readonly string[];
}

/** Flags every command takes. */
export const GLOBAL_FLAGS: readonly string[] = ["--help", "--quiet", "--verbose"];

/**
 * The long flags a help text names, sorted, with the global ones.
 * @example flagsOfHelp("  --db PATH  store file\n  --json") // ["--db", "--help", "--json", "--quiet", "--verbose"]
 */
export function flagsOfHelp(help: string): string[] {
  const found = new Set<string>(GLOBAL_FLAGS);
  for (const match of help.matchAll(/(?<![\w-])--[a-z][a-z0-9-]*/g)) found.add(match[0]);
  return [...found].sort();
}

/** Only these characters reach a script: command names, flags and summaries are ours, but stay safe. */
function safe(text: string): string {
  return text.replace(/[^\w .,:()/+-]/g, "");
}

/** The bash script: commands first, then the flags of the command on the line; other words complete as file names. */
export function bashCompletion(entries: readonly CompletionEntry[]): string {
  const cases = entries.map((e) => `    ${safe(e.name)}) flags="${e.flags.map(safe).join(" ")}" ;;`).join("\n");
  return `# pecan completion for bash: eval "$(pecan completion bash)"
_pecan() {
  local cur="\${COMP_WORDS[COMP_CWORD]}"
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "${entries.map((e) => safe(e.name)).join(" ")} ${GLOBAL_FLAGS.join(" ")}" -- "$cur"))
    return 0
  fi
  local flags=""
  case "\${COMP_WORDS[1]}" in
${cases}
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$flags" -- "$cur"))
  else
    COMPREPLY=()
  fi
  return 0
}
complete -o default -o bashdefault -F _pecan pecan
`;
}

/** The zsh script: works sourced (it calls compdef) and as an autoloaded `_pecan` in $fpath. */
export function zshCompletion(entries: readonly CompletionEntry[]): string {
  const commands = entries.map((e) => `    '${safe(e.name)}:${safe(e.summary)}'`).join("\n");
  const cases = entries.map((e) => `    ${safe(e.name)}) flags=(${e.flags.map(safe).join(" ")}) ;;`).join("\n");
  return `#compdef pecan
# pecan completion for zsh: source <(pecan completion zsh)
_pecan() {
  local -a commands flags
  commands=(
${commands}
  )
  if (( CURRENT == 2 )); then
    _describe 'command' commands
    return
  fi
  case $words[2] in
${cases}
  esac
  if [[ $PREFIX == -* ]]; then
    compadd -- $flags
  else
    _files
  fi
}
if [ "$funcstack[1]" = "_pecan" ]; then
  _pecan "$@"
else
  compdef _pecan pecan
fi
`;
}

/** `pecan completion`; `entries` lists the commands (run.ts knows them). */
export async function completionCommand(argv: readonly string[], entries: () => Promise<CompletionEntry[]>): Promise<number> {
  const parsed = parseFlags(argv, {});
  if (boolFlag(parsed, "help")) {
    process.stdout.write(COMPLETION_HELP);
    return 0;
  }
  const [shell, ...extra] = parsed.positionals;
  if (extra.length > 0 || (shell !== "bash" && shell !== "zsh")) throw new UsageError("give the shell: pecan completion bash|zsh");
  const list = await entries();
  process.stdout.write(shell === "bash" ? bashCompletion(list) : zshCompletion(list));
  return 0;
}
