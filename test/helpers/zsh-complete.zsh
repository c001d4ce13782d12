#!/usr/bin/env zsh
# Prints what zsh's completion system offers for a command line, one candidate per line, by typing the line and
# Tab into an interactive zsh on a pseudo-terminal and recording every compadd. Usage:
#   zsh-complete.zsh COMPLETION_SCRIPT 'arledger statement '
# (after the approach of zsh-capture-completion: compadd is wrapped to print its matches instead of showing them)
zmodload zsh/zpty || exit 2
script=$1
line=$2
zpty z zsh -f -i
zpty -w z "PROMPT=''; RPROMPT=''; autoload -Uz compinit; compinit -u -D"
zpty -w z "source ${(q)script}"
zpty -w z "bindkey '^I' complete-word; zstyle ':completion:*' list-grouped false; zstyle ':completion:*' insert-tab false"
# Candidates come back between control characters, which the terminal's echo of these lines does not contain.
zpty -w z 'compadd() { local -a __hits; local h; builtin compadd -A __hits "$@"; for h in $__hits; do print -rn -- $'"'"'\x02'"'"'$h$'"'"'\x03'"'"'; done; builtin compadd "$@" }'
zpty -w z 'comppostfuncs=(__done); __done() { print -rn -- $'"'"'\x04'"'"'; exit }'
zpty -w z "$line"$'\t'
out=''
integer tries=0
while (( tries++ < 400 )) && [[ $out != *$'\x04'* ]]; do
  if zpty -r -t z chunk 2>/dev/null; then out+=$chunk; else sleep 0.05; fi
done
zpty -d z; [[ -n $DEBUG ]] && print -r -- "$out" | cat -v >&2
print -r -- "${out%%$'\x04'*}" | tr -d '\r\n' | grep -ao $'\x02[^\x02\x03]*\x03' | tr -d $'\x02\x03' | sort -u
