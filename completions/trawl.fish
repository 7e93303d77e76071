complete -c trawl -s e -l regexp -d 'A pattern to search for' -r
complete -c trawl -s f -l file -d 'Read patterns from a file, one per line' -r
complete -c trawl -l pre -d 'Search the output of COMMAND PATH instead of each file' -r
complete -c trawl -l pre-glob -d 'Run --pre only on files that match GLOB' -r
complete -c trawl -l pre-timeout -d 'Stop a --pre or -z command after SECONDS' -r
complete -c trawl -l dfa-size-limit -d 'The most memory the lazy DFA\'s cache may use' -r
complete -c trawl -s E -l encoding -d 'The encoding of the files to search' -r
complete -c trawl -l engine -d 'The regex engine: default, pcre2 or auto' -r -f -a "default\t'ripgrep\'s default regex engine'
pcre2\t'PCRE2: look-around, backreferences, possessive and atomic groups'
auto\t'The default engine, or PCRE2 when the default engine cannot compile the patterns'"
complete -c trawl -s m -l max-count -d 'Stop searching a file after NUM selected lines' -r
complete -c trawl -l max-results -d 'Stop the whole run after NUM results, in output order' -r
complete -c trawl -l regex-size-limit -d 'The most memory the compiled patterns may take' -r
complete -c trawl -s j -l threads -d 'The number of worker threads or processes' -r
complete -c trawl -l mode -d 'How workers run: threads or processes' -r -f -a "threads\t'Worker threads in one process (the default)'
processes\t'Worker processes of the same binary'"
complete -c trawl -s A -l after-context -d 'Print NUM lines after each match' -r
complete -c trawl -s B -l before-context -d 'Print NUM lines before each match' -r
complete -c trawl -l color -l colour -d 'When to use color: never, auto, always or ansi' -r
complete -c trawl -l colors -d 'Choose a color: TYPE:fg|bg:COLOR, TYPE:style:STYLE or TYPE:none' -r
complete -c trawl -s C -l context -d 'Print NUM lines before and after each match' -r
complete -c trawl -l context-separator -d 'The line printed between groups of context' -r
complete -c trawl -l field-context-separator -d 'Separate the fields of a context line with SEP' -r
complete -c trawl -l field-match-separator -d 'Separate the fields of a matching line with SEP' -r
complete -c trawl -l hostname-bin -d 'Find this machine\'s host name with a program' -r
complete -c trawl -l hyperlink-format -d 'Make paths clickable: OSC 8 hyperlinks in FORMAT' -r
complete -c trawl -s M -l max-columns -d 'Replace lines longer than NUM bytes with a notice' -r
complete -c trawl -l path-separator -d 'Print paths with SEP instead of `/`' -r
complete -c trawl -s r -l replace -d 'Print each match replaced by TEXT' -r
complete -c trawl -l generate -d 'Print a man page or shell completions, and exit' -r -f -a "man\t'A roff man page'
complete-bash\t'Bash completions'
complete-zsh\t'Zsh completions'
complete-fish\t'Fish completions'
complete-powershell\t'PowerShell completions'
complete-elvish\t'Elvish completions'"
complete -c trawl -s O -l ext -d 'Search only files with these extensions' -r
complete -c trawl -s t -l type -d 'Search only files of TYPE' -r
complete -c trawl -s T -l type-not -d 'Don\'t search files of TYPE' -r
complete -c trawl -l type-add -d 'Add a glob to a file type' -r
complete -c trawl -l type-clear -d 'Forget the globs of a file type' -r
complete -c trawl -s g -l glob -d 'Include or exclude paths that match GLOB' -r
complete -c trawl -l iglob -d 'Like -g, but matches case-insensitively' -r
complete -c trawl -s d -l max-depth -l maxdepth -d 'Descend at most NUM directories below each PATH' -r
complete -c trawl -l max-filesize -d 'Skip files larger than NUM bytes' -r
complete -c trawl -l ignore-file -d 'Respect the ignore rules in PATH too' -r -F
complete -c trawl -l sort -d 'Order the results by KEY, ascending' -r -f -a "none\t'No order: results print as they are found'
path\t'By path'
modified\t'By last modification time'
accessed\t'By last access time'
created\t'By creation time'"
complete -c trawl -l sortr -d 'Order the results by KEY, descending' -r -f -a "none\t'No order: results print as they are found'
path\t'By path'
modified\t'By last modification time'
accessed\t'By last access time'
created\t'By creation time'"
complete -c trawl -l files-from -d 'Search the paths listed in FILE, one per line' -r -F
complete -c trawl -l files-from0 -d 'Search the NUL-separated paths listed in FILE' -r -F
complete -c trawl -l no-pre -d 'Undo --pre: search files as they are'
complete -c trawl -s z -l search-zip -d 'Search compressed files as their decompressed text'
complete -c trawl -l no-search-zip -d 'Undo -z: search compressed files as they are'
complete -c trawl -s s -l case-sensitive -d 'Search case-sensitively'
complete -c trawl -l crlf -d 'Treat CRLF as a line terminator for `^` and `$`'
complete -c trawl -l no-crlf -d 'Undo --crlf: only `\\n` ends a line for `^` and `$`'
complete -c trawl -l no-encoding -d 'Undo -E: pick the encoding by byte-order mark again'
complete -c trawl -s F -l fixed-strings -d 'Treat every pattern as a literal string'
complete -c trawl -l no-fixed-strings -d 'Undo -F: patterns are regular expressions again'
complete -c trawl -s i -l ignore-case -d 'Search case-insensitively'
complete -c trawl -s v -l invert-match -d 'Print lines that do not match'
complete -c trawl -l no-invert-match -d 'Undo -v: print lines that match'
complete -c trawl -s x -l line-regexp -d 'Only show matches that span a whole line'
complete -c trawl -l mmap -d 'Keep NULs as bytes in binary files, as rg does with maps'
complete -c trawl -l no-mmap -d 'Read each NUL in a binary file as a line end'
complete -c trawl -s U -l multiline -d 'Let matches span lines'
complete -c trawl -l no-multiline -d 'Undo -U: matches stay within one line'
complete -c trawl -l multiline-dotall -d 'With -U, let `.` match line terminators'
complete -c trawl -l no-multiline-dotall -d 'Undo --multiline-dotall'
complete -c trawl -l no-unicode -d 'Turn Unicode mode off in the patterns'
complete -c trawl -l unicode -d 'Undo --no-unicode: patterns are in Unicode mode'
complete -c trawl -l null-data -d 'Use NUL as the line terminator'
complete -c trawl -s P -l pcre2 -d 'Use PCRE2 for the patterns'
complete -c trawl -l no-pcre2 -d 'Undo -P: use the default regex engine'
complete -c trawl -s S -l smart-case -d 'Search case-insensitively if all patterns are lowercase'
complete -c trawl -l stop-on-nonmatch -d 'Stop searching a file at its first non-match after a match'
complete -c trawl -s a -l text -d 'Search binary files as if they were text'
complete -c trawl -l no-text -d 'Undo -a (and --binary): binary files get the default treatment again'
complete -c trawl -s w -l word-regexp -d 'Only show matches surrounded by word boundaries'
complete -c trawl -l auto-hybrid-regex -d 'DEPRECATED: use --engine auto'
complete -c trawl -l no-auto-hybrid-regex -d 'DEPRECATED: use --engine default'
complete -c trawl -l no-pcre2-unicode -d 'DEPRECATED: use --no-unicode'
complete -c trawl -l pcre2-unicode -d 'DEPRECATED: use --unicode'
complete -c trawl -l binary -d 'Search binary files found by walking too'
complete -c trawl -l no-binary -d 'Undo --binary (and -a): binary files get the default treatment again'
complete -c trawl -l block-buffered -d 'Flush stdout only when its buffer is full'
complete -c trawl -l no-block-buffered -d 'Undo --block-buffered: flush after each file only on a terminal'
complete -c trawl -s b -l byte-offset -d 'Print the byte offset of each line before it'
complete -c trawl -l no-byte-offset -d 'Undo -b'
complete -c trawl -l column -d 'Print the column of the first match on each line'
complete -c trawl -l no-column -d 'Print one line per matching line, as `path:line:text`'
complete -c trawl -l no-context-separator -d 'Print nothing between groups of context'
complete -c trawl -l heading -d 'Print each file\'s path once, above its lines'
complete -c trawl -l no-heading -d 'Print the path on every line, not above the file\'s lines'
complete -c trawl -l include-zero -d 'With -c or --count-matches, print files with no match too'
complete -c trawl -l no-include-zero -d 'Undo --include-zero'
complete -c trawl -l line-buffered -d 'Flush stdout after each file\'s results'
complete -c trawl -l no-line-buffered -d 'Undo --line-buffered: flush after each file only on a terminal'
complete -c trawl -s n -l line-number -d 'Print line numbers'
complete -c trawl -s N -l no-line-number -d 'Don\'t print line numbers'
complete -c trawl -l max-columns-preview -d 'With -M, print the start of a long line too'
complete -c trawl -l no-max-columns-preview -d 'Undo --max-columns-preview'
complete -c trawl -s 0 -l null -d 'Follow each path with a NUL byte'
complete -c trawl -s o -l only-matching -d 'Print only the matched parts of each line'
complete -c trawl -l passthru -l passthrough -d 'Print every line; lines that do not match print as context'
complete -c trawl -s p -l pretty -d 'Colors, headings and line numbers, for a pager'
complete -c trawl -s q -l quiet -d 'Print nothing; exit 0 at the first match'
complete -c trawl -l trim -d 'Strip leading whitespace from printed lines'
complete -c trawl -l no-trim -d 'Undo --trim'
complete -c trawl -l vimgrep -d 'Print one line per match, as `path:line:column:text`'
complete -c trawl -s H -l with-filename -d 'Print the path on every line'
complete -c trawl -s I -l no-filename -d 'Don\'t print paths'
complete -c trawl -s c -l count -d 'Print the number of matching lines in each file'
complete -c trawl -l count-matches -d 'Print the number of matches in each file'
complete -c trawl -s l -l files-with-matches -d 'Print the path of each file with a match'
complete -c trawl -l files-without-match -d 'Print the path of each file without a match'
complete -c trawl -l json -d 'Print results as JSON Lines'
complete -c trawl -l no-json -d 'Undo --json: print results in the usual layout'
complete -c trawl -l debug -d 'Print diagnostic messages on stderr'
complete -c trawl -l no-ignore-messages -d 'Don\'t print warnings about bad ignore files'
complete -c trawl -l ignore-messages -d 'Undo --no-ignore-messages'
complete -c trawl -l no-messages -d 'Don\'t print errors about files that cannot be read'
complete -c trawl -l messages -d 'Undo --no-messages'
complete -c trawl -l stats -d 'Print statistics after the results'
complete -c trawl -l no-stats -d 'Undo --stats'
complete -c trawl -l trace -d 'Like --debug, with even more messages'
complete -c trawl -s h -l help -d 'Print help: -h a summary, --help all of it'
complete -c trawl -l no-config -d 'Don\'t read the file of default arguments'
complete -c trawl -l pcre2-version -d 'Print PCRE2\'s version and whether its JIT works, and exit'
complete -c trawl -s V -l version -d 'Print the version: -V the release, --version its commit too'
complete -c trawl -l glob-case-insensitive -d 'Match every -g glob case-insensitively'
complete -c trawl -l no-glob-case-insensitive -d 'Undo --glob-case-insensitive'
complete -c trawl -l type-list -d 'Print every known file type and its globs, and exit'
complete -c trawl -s . -l hidden -d 'Search hidden files and directories'
complete -c trawl -l no-hidden -d 'Undo --hidden (and -uu\'s part of it): skip hidden files'
complete -c trawl -l no-ignore -d 'Don\'t respect ignore files'
complete -c trawl -l ignore -d 'Undo --no-ignore (and -u): respect every kind of ignore file again'
complete -c trawl -l no-ignore-vcs -d 'Don\'t respect .gitignore, git\'s exclude and global ignore files'
complete -c trawl -l ignore-vcs -d 'Undo --no-ignore-vcs: respect .gitignore, git\'s exclude and global ignore files'
complete -c trawl -l no-ignore-dot -d 'Don\'t respect .ignore and .rgignore files'
complete -c trawl -l ignore-dot -d 'Undo --no-ignore-dot: respect .ignore and .rgignore files'
complete -c trawl -l no-ignore-parent -d 'Don\'t respect ignore files in parent directories'
complete -c trawl -l ignore-parent -d 'Undo --no-ignore-parent: respect ignore files in parent directories'
complete -c trawl -l no-ignore-global -d 'Don\'t respect the global git ignore file'
complete -c trawl -l ignore-global -d 'Undo --no-ignore-global: respect the global git ignore file'
complete -c trawl -l no-ignore-exclude -d 'Don\'t respect .git/info/exclude'
complete -c trawl -l ignore-exclude -d 'Undo --no-ignore-exclude: respect .git/info/exclude'
complete -c trawl -l no-ignore-files -d 'Don\'t respect the --ignore-file files'
complete -c trawl -l ignore-files -d 'Undo --no-ignore-files: respect the --ignore-file files'
complete -c trawl -l ignore-file-case-insensitive -d 'Match the globs of ignore files case-insensitively'
complete -c trawl -l no-ignore-file-case-insensitive -d 'Undo --ignore-file-case-insensitive'
complete -c trawl -l no-require-git -d 'Respect .gitignore files outside git repositories too'
complete -c trawl -l require-git -d 'Undo --no-require-git: a .gitignore applies only inside a git repository'
complete -c trawl -s u -l unrestricted -d 'Search more: -u, -uu, -uuu'
complete -c trawl -s L -l follow -d 'Follow symbolic links while walking directories'
complete -c trawl -l no-follow -d 'Undo -L: don\'t follow symbolic links'
complete -c trawl -l one-file-system -d 'Don\'t cross file system boundaries below each PATH'
complete -c trawl -l no-one-file-system -d 'Undo --one-file-system'
complete -c trawl -l files -d 'Print each file that would be searched, and exit'
complete -c trawl -l unordered -d 'Print results as they are found, in no fixed order'
complete -c trawl -l sort-files -d 'DEPRECATED: use --sort path'
complete -c trawl -l no-sort-files -d 'Undo --sort-files, --sort, --sortr and --unordered: order by path'
