complete -c trawl -s e -l regexp -d 'A pattern to search for; may be repeated, and a line matches if any pattern matches' -r
complete -c trawl -s f -l file -d 'Read patterns from FILE, one per line; `-` reads stdin. May be repeated' -r
complete -c trawl -l engine -d 'The regex engine: default, pcre2 (as -P), or auto, which uses the default engine and falls back to PCRE2 when the patterns need it' -r -f -a "default\t'ripgrep\'s default regex engine'
pcre2\t'PCRE2: look-around, backreferences, possessive and atomic groups'
auto\t'The default engine, or PCRE2 when the default engine cannot compile the patterns'"
complete -c trawl -l regex-size-limit -d 'The most memory the compiled patterns may take, in bytes (default 100M, as in rg); a K, M or G suffix multiplies by 1024, 1024² or 1024³' -r
complete -c trawl -l dfa-size-limit -d 'The most memory the lazy DFA may use for its cache of states, in bytes (default 64M); a K, M or G suffix multiplies by 1024, 1024² or 1024³' -r
complete -c trawl -s E -l encoding -d 'Decode files from this encoding (a WHATWG label such as utf-16le or latin1), or `none` to search raw bytes. By default a byte-order mark picks UTF-8 or UTF-16' -r
complete -c trawl -l pre -d 'Search the standard output of COMMAND PATH instead of each file PATH' -r
complete -c trawl -l pre-glob -d 'Run --pre only on files that match GLOB (gitignore syntax; `!` excludes). Repeatable' -r
complete -c trawl -l pre-timeout -d 'Stop a --pre command, or a -z decompressor, that runs longer than SECONDS on one file; that file is then an error, and the run goes on' -r
complete -c trawl -s m -l max-count -d 'Stop searching a file after NUM selected lines (default: no limit)' -r
complete -c trawl -l max-results -d 'Stop the whole run after NUM results, in output order (default: no limit): the output is exactly the first NUM results of the unlimited output' -r
complete -c trawl -s r -l replace -d 'Print each match replaced by TEXT; `$1`, `${name}` and `$$` are expanded' -r
complete -c trawl -s A -l after-context -d 'Print NUM lines after each match (default 0)' -r
complete -c trawl -s B -l before-context -d 'Print NUM lines before each match (default 0)' -r
complete -c trawl -s C -l context -d 'Print NUM lines before and after each match (default 0)' -r
complete -c trawl -l context-separator -d 'The line printed between groups of context (default `--`)' -r
complete -c trawl -l hyperlink-format -d 'Make paths clickable in terminals that support OSC 8 hyperlinks, with links in FORMAT: `file://{host}{path}`, or an alias (default, none, cursor, file, grep+, kitty, macvim, textmate, vscode, vscode-insiders, vscodium)' -r
complete -c trawl -l hostname-bin -d 'The program whose output (trimmed) is this machine\'s host name for {host} in --hyperlink-format, instead of the system\'s host name' -r
complete -c trawl -s M -l max-columns -d 'Replace lines longer than NUM bytes with a notice (default: no limit; 0 means no limit too)' -r
complete -c trawl -l path-separator -d 'Print paths with SEP instead of `/` (one byte)' -r
complete -c trawl -l field-match-separator -d 'Separates the fields of a matching line (default `:`)' -r
complete -c trawl -l field-context-separator -d 'Separates the fields of a context line (default `-`)' -r
complete -c trawl -l color -l colour -d 'When to use color: never, auto (the default: on a terminal, unless NO_COLOR is set), always or ansi' -r
complete -c trawl -l colors -d 'A color spec, TYPE:fg:COLOR, TYPE:bg:COLOR, TYPE:style:STYLE or TYPE:none, where TYPE is path, line, column or match. May be repeated; later specs win' -r
complete -c trawl -s j -l threads -d 'The number of worker threads or processes (default: the number of available cores)' -r
complete -c trawl -l mode -d 'How workers run: as threads of this process, or as worker processes' -r -f -a "threads\t'Worker threads in one process (the default)'
processes\t'Worker processes of the same binary'"
complete -c trawl -l generate -d 'Print a man page or shell completions, and exit: man, complete-bash, complete-zsh, complete-fish, complete-powershell or complete-elvish' -r -f -a "man\t'A roff man page'
complete-bash\t'Bash completions'
complete-zsh\t'Zsh completions'
complete-fish\t'Fish completions'
complete-powershell\t'PowerShell completions'
complete-elvish\t'Elvish completions'"
complete -c trawl -s O -l ext -d 'Search only files with these extensions (repeatable, or comma separated: -O c,h)' -r
complete -c trawl -s t -l type -d 'Search only files of TYPE (repeatable; see --type-list)' -r
complete -c trawl -s T -l type-not -d 'Don\'t search files of TYPE (repeatable)' -r
complete -c trawl -l type-add -d 'Add a glob to a file type: \'name:glob\' (repeatable)' -r
complete -c trawl -l type-clear -d 'Forget the globs of TYPE; later --type-add flags can define it anew' -r
complete -c trawl -s g -l glob -d 'Include or exclude files and directories that match GLOB (repeatable)' -r
complete -c trawl -l iglob -d 'Like -g/--glob, but matches case-insensitively (repeatable)' -r
complete -c trawl -s d -l max-depth -l maxdepth -d 'Descend at most NUM directories below each PATH (default: no limit)' -r
complete -c trawl -l max-filesize -d 'Skip files larger than NUM bytes (default: no limit); a K, M or G suffix multiplies by 1024, 1024² or 1024³' -r
complete -c trawl -l ignore-file -d 'Respect the ignore rules in PATH too, a file in .gitignore\'s format (repeatable)' -r -F
complete -c trawl -l sort -d 'Order the results by KEY, ascending: path (the default), none, modified, accessed or created' -r -f -a "none\t'No order: results print as they are found'
path\t'By path'
modified\t'By last modification time'
accessed\t'By last access time'
created\t'By creation time'"
complete -c trawl -l sortr -d 'Order the results by KEY, descending: path, none, modified, accessed or created' -r -f -a "none\t'No order: results print as they are found'
path\t'By path'
modified\t'By last modification time'
accessed\t'By last access time'
created\t'By creation time'"
complete -c trawl -l files-from -d 'Search the paths listed in FILE, one per line (`-` reads the list from stdin)' -r -F
complete -c trawl -l files-from0 -d 'Like --files-from, but the paths in FILE are separated by NUL bytes, as `find -print0` writes them' -r -F
complete -c trawl -s F -l fixed-strings -d 'Treat every pattern as a literal string, not a regular expression'
complete -c trawl -l no-fixed-strings -d 'Treat patterns as regular expressions again, undoing -F'
complete -c trawl -s i -l ignore-case -d 'Search case-insensitively'
complete -c trawl -s s -l case-sensitive -d 'Search case-sensitively (the default)'
complete -c trawl -s S -l smart-case -d 'Search case-insensitively if every pattern is all lowercase'
complete -c trawl -s w -l word-regexp -d 'Only show matches surrounded by word boundaries. This and -x override each other'
complete -c trawl -s x -l line-regexp -d 'Only show matches that span a whole line. This and -w override each other'
complete -c trawl -s U -l multiline -d 'Let matches span lines: `\\n` may match, and each file is searched whole'
complete -c trawl -l no-multiline -d 'Undo -U: matches stay within one line'
complete -c trawl -l multiline-dotall -d 'With -U, let `.` match line terminators'
complete -c trawl -l no-multiline-dotall -d 'Undo --multiline-dotall'
complete -c trawl -l crlf -d 'Treat CRLF as a line terminator for `^` and `$`'
complete -c trawl -l no-crlf -d 'Undo --crlf: only `\\n` ends a line for `^` and `$`'
complete -c trawl -s P -l pcre2 -d 'Use PCRE2 for the patterns, with its syntax: look-around, backreferences, possessive and atomic groups'
complete -c trawl -l no-pcre2 -d 'Undo -P: use the default regex engine'
complete -c trawl -l auto-hybrid-regex -d 'DEPRECATED: use --engine auto, which this is the same as'
complete -c trawl -l no-auto-hybrid-regex -d 'DEPRECATED: use --engine default, which this is the same as'
complete -c trawl -l pcre2-version -d 'Print the version of PCRE2 and whether its JIT is available, then exit'
complete -c trawl -l no-unicode -d 'Turn Unicode mode off: `.` matches any byte but `\\n`, `\\w`, `\\d`, `\\s` and `\\b` are ASCII-only, -i folds ASCII letters only, and classes such as `\\p{Greek}` are errors'
complete -c trawl -l unicode -d 'Undo --no-unicode: patterns are in Unicode mode (the default)'
complete -c trawl -l no-pcre2-unicode -d 'DEPRECATED: use --no-unicode, which this is the same as'
complete -c trawl -l pcre2-unicode -d 'DEPRECATED: use --unicode, which this is the same as'
complete -c trawl -l no-encoding -d 'Undo -E: pick the encoding by byte-order mark again'
complete -c trawl -s z -l search-zip -d 'Search compressed files: gzip, bzip2, xz, LZMA, LZ4, Brotli, Zstandard and compress(1) files, found by their extension, are searched as their decompressed text'
complete -c trawl -l no-search-zip -d 'Undo -z'
complete -c trawl -l null-data -d 'Treat NUL as the line terminator, as for `find -print0` output or `/proc/*/environ`: records end at NUL bytes, which no longer mark a file as binary'
complete -c trawl -l no-pre -d 'Undo --pre'
complete -c trawl -s v -l invert-match -d 'Print lines that do not match'
complete -c trawl -l no-invert-match -d 'Undo -v: print lines that match'
complete -c trawl -l stop-on-nonmatch -d 'Stop searching a file at the first line that is not selected after one that is'
complete -c trawl -s c -l count -d 'Print the number of matching lines in each file'
complete -c trawl -l count-matches -d 'Print the number of matches in each file'
complete -c trawl -l include-zero -d 'With -c or --count-matches, print files with no match too'
complete -c trawl -l no-include-zero -d 'Undo --include-zero'
complete -c trawl -s l -l files-with-matches -d 'Print the path of each file with a match'
complete -c trawl -l files-without-match -d 'Print the path of each file without a match'
complete -c trawl -s o -l only-matching -d 'Print only the matched parts of each line, one per output line'
complete -c trawl -l json -d 'Print results as ripgrep\'s JSON Lines: begin, match, context, end and summary messages. Each submatch also carries "pattern", the index of the -e pattern that matched it'
complete -c trawl -l no-json -d 'Undo --json: print results in the usual layout'
complete -c trawl -s q -l quiet -d 'Print nothing; exit 0 at the first match'
complete -c trawl -l no-context-separator -d 'Print nothing between groups of context'
complete -c trawl -l passthru -l passthrough -d 'Print every line; lines that do not match print as context'
complete -c trawl -s a -l text -d 'Search binary files as if they were text'
complete -c trawl -l no-text -d 'Undo -a (and --binary): binary files get the default treatment again'
complete -c trawl -l binary -d 'Search binary files found by walking too, printing a notice when one matches'
complete -c trawl -l no-binary -d 'Undo --binary (and -a): binary files get the default treatment again'
complete -c trawl -s n -l line-number -d 'Print line numbers (the default)'
complete -c trawl -s N -l no-line-number -d 'Don\'t print line numbers'
complete -c trawl -l column -d 'Print the column of the first match on each line'
complete -c trawl -l no-column -d 'Print one line per matching line, as `path:line:text`, instead of one line per match'
complete -c trawl -l vimgrep -d 'Print one line per match, as `path:line:column:text` (the default)'
complete -c trawl -s H -l with-filename -d 'Print the path on every line (the default)'
complete -c trawl -s I -l no-filename -d 'Don\'t print paths'
complete -c trawl -l heading -d 'Print each file\'s path once, above its lines (with --no-column)'
complete -c trawl -l no-heading -d 'Print the path on every line (the default)'
complete -c trawl -s p -l pretty -d 'Pretty output into a pager: --color=always --heading --line-number in one flag (`trawl -p foo | less -R`). Each part of it is undone by a later flag, as in rg'
complete -c trawl -s 0 -l null -d 'Follow each path with a NUL byte instead of a separator'
complete -c trawl -s b -l byte-offset -d 'Print the byte offset of each line (or of each match with -o) before it'
complete -c trawl -l no-byte-offset -d 'Undo -b'
complete -c trawl -l trim -d 'Strip leading whitespace from printed lines'
complete -c trawl -l no-trim -d 'Undo --trim'
complete -c trawl -l max-columns-preview -d 'With -M, print the start of a long line instead of only a notice'
complete -c trawl -l no-max-columns-preview -d 'Undo --max-columns-preview'
complete -c trawl -l stats -d 'Print statistics after the results: ripgrep\'s block, then what each pipeline stage did'
complete -c trawl -l no-stats -d 'Undo --stats'
complete -c trawl -l mmap -d 'Keep NULs as bytes in binary files that are searched, as rg does with maps'
complete -c trawl -l no-mmap -d 'Read each NUL in a searched binary file as a line end, as rg does when it reads rather than maps. It does not stop trawl from memory-mapping a file of 64 MiB or more, as --mmap explains'
complete -c trawl -l debug -d 'Print diagnostic messages on stderr: what was configured, and why files were left out (which ignore rule, binary data, size) or searched in chunks'
complete -c trawl -l trace -d 'Like --debug, with even more messages'
complete -c trawl -l line-buffered -d 'Flush stdout after each file\'s results, even when stdout is not a terminal'
complete -c trawl -l no-line-buffered -d 'Undo --line-buffered: flush after each file only on a terminal'
complete -c trawl -l block-buffered -d 'Flush stdout only when its buffer is full or trawl waits for the next result, even on a terminal: faster when a terminal gets a lot of output'
complete -c trawl -l no-block-buffered -d 'Undo --block-buffered: flush after each file only on a terminal'
complete -c trawl -l no-messages -d 'Don\'t print errors about files that cannot be opened or read, or that the walk could not reach. The exit code is still 2 after such an error'
complete -c trawl -l messages -d 'Undo --no-messages'
complete -c trawl -l no-ignore-messages -d 'Don\'t print warnings about ignore files that cannot be read or have bad lines'
complete -c trawl -l ignore-messages -d 'Undo --no-ignore-messages'
complete -c trawl -l no-config -d 'Ignore the file of default arguments named by TRAWL_CONFIG_PATH'
complete -c trawl -l glob-case-insensitive -d 'Match every -g/--glob glob case-insensitively, as if it were given to --iglob'
complete -c trawl -l no-glob-case-insensitive -d 'Undo --glob-case-insensitive'
complete -c trawl -l type-list -d 'Print every known file type and its globs, one type per line, and exit'
complete -c trawl -s . -l hidden -d 'Search hidden files and directories: those whose name starts with a dot'
complete -c trawl -l no-hidden -d 'Undo --hidden'
complete -c trawl -l no-ignore -d 'Don\'t respect ignore files: .gitignore, .ignore, .rgignore, git\'s exclude and global ignore files, and those in parent directories'
complete -c trawl -l ignore -d 'Undo --no-ignore (and -u): respect every kind of ignore file again'
complete -c trawl -l no-ignore-vcs -d 'Don\'t respect .gitignore, git\'s exclude and global ignore files'
complete -c trawl -l ignore-vcs -d 'Undo --no-ignore-vcs: respect .gitignore, git\'s exclude and global ignore files'
complete -c trawl -l no-ignore-dot -d 'Don\'t respect .ignore and .rgignore files'
complete -c trawl -l ignore-dot -d 'Undo --no-ignore-dot: respect .ignore and .rgignore files'
complete -c trawl -l no-ignore-parent -d 'Don\'t respect ignore files found in the parent directories of each PATH'
complete -c trawl -l ignore-parent -d 'Undo --no-ignore-parent: respect ignore files in parent directories'
complete -c trawl -l no-ignore-global -d 'Don\'t respect the global git ignore file (core.excludesFile, by default $HOME/.config/git/ignore)'
complete -c trawl -l ignore-global -d 'Undo --no-ignore-global: respect the global git ignore file'
complete -c trawl -l no-ignore-exclude -d 'Don\'t respect a repository\'s own exclude file, .git/info/exclude'
complete -c trawl -l ignore-exclude -d 'Undo --no-ignore-exclude: respect .git/info/exclude'
complete -c trawl -l no-ignore-files -d 'Don\'t respect the --ignore-file files, even those given after this flag'
complete -c trawl -l ignore-files -d 'Undo --no-ignore-files: respect the --ignore-file files'
complete -c trawl -l ignore-file-case-insensitive -d 'Match the globs of ignore files case-insensitively'
complete -c trawl -l no-ignore-file-case-insensitive -d 'Undo --ignore-file-case-insensitive'
complete -c trawl -l no-require-git -d 'Respect .gitignore files even outside a git repository'
complete -c trawl -l require-git -d 'Undo --no-require-git: a .gitignore applies only inside a git repository'
complete -c trawl -s u -l unrestricted -d 'Search more: -u is --no-ignore, -uu adds --hidden, -uuu adds --binary'
complete -c trawl -s L -l follow -d 'Follow symbolic links while walking directories'
complete -c trawl -l no-follow -d 'Undo -L/--follow'
complete -c trawl -l one-file-system -d 'Don\'t cross file system boundaries below each PATH'
complete -c trawl -l no-one-file-system -d 'Undo --one-file-system'
complete -c trawl -l files -d 'Print each file that would be searched, one per line, without searching'
complete -c trawl -l unordered -d 'Print results as they are found, in no fixed order: the same as --sort none'
complete -c trawl -l sort-files -d 'DEPRECATED: use --sort path. Orders results by path, as trawl does by default'
complete -c trawl -l no-sort-files -d 'Undo --sort-files, and any --sort, --sortr or --unordered before it: back to the default order, by path'
complete -c trawl -s h -l help -d 'Print help (see more with \'--help\')'
complete -c trawl -s V -l version -d 'Print version'
