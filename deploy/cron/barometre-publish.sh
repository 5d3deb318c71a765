#!/bin/sh
# Baromètre — la publication que lance deploy/cron/barometre.crontab, depuis le dossier du projet ; ses
# arguments vont à « barometre publish ». Chaque essai est écrit dans BAROMETRE_LOG entre deux lignes datées.
# Code 75 (une autre publication tient le verrou, peut-être lancée avant l'arrivée des données de la semaine) :
# nouvel essai toutes les BAROMETRE_LOCK_RETRY_MINUTES (30), au plus BAROMETRE_LOCK_RETRIES fois (6 : 7 essais
# en 3 h) ; ces essais épuisés, le journal le dit et ce n'est pas un échec (code 0, pas de courriel). Tout autre
# code n'est jamais réessayé : il est affiché avec la fin du journal de cette exécution (cron l'envoie par
# courriel) et le script sort avec lui.
# Baromètre — the publication deploy/cron/barometre.crontab runs, from the project's folder; its arguments go to
# "barometre publish". Each attempt is written to BAROMETRE_LOG between two dated lines. Exit code 75 (another
# publication holds the lock, perhaps one started before this week's data arrived): tried again every
# BAROMETRE_LOCK_RETRY_MINUTES (30), at most BAROMETRE_LOCK_RETRIES times (6: 7 attempts over 3 h); once they
# are spent the log says so and it is no failure (exit 0, no mail). No other code is ever tried again: it is
# printed with the tail of this run's log (cron mails it) and the script exits with it.
log=${BAROMETRE_LOG:-/var/log/barometre/publish.log}
d=$(dirname "$log")
mkdir -p "$d" 2>/dev/null && touch "$log" 2>/dev/null || {
    echo "barometre publish : journal impossible à écrire dans $d (créez le dossier en root : install -d -o $(id -un) $d) / cannot write the log in $d (create the folder as root: install -d -o $(id -un) $d)"
    exit 1
}
n=$(wc -l < "$log")
attempts=$((${BAROMETRE_LOCK_RETRIES:-6} + 1))
minutes=${BAROMETRE_LOCK_RETRY_MINUTES:-30}
attempt=0
while :; do
    attempt=$((attempt + 1))
    echo "===== $(date -u '+%Y-%m-%d %H:%M:%S UTC') barometre publish : début / start =====" >> "$log"
    .venv/bin/barometre publish "$@" >> "$log" 2>&1
    rc=$?
    echo "===== $(date -u '+%Y-%m-%d %H:%M:%S UTC') barometre publish : fin / end, code $rc =====" >> "$log"
    [ "$rc" -eq 75 ] && [ "$attempt" -lt "$attempts" ] || break
    echo "barometre publish : une autre publication tient le verrou (essai $attempt sur $attempts) ; nouvel essai dans $minutes min / another publication holds the lock (attempt $attempt of $attempts); trying again in $minutes min" >> "$log"
    sleep "${minutes}m"
done
if [ "$rc" -eq 75 ]; then
    echo "barometre publish : une autre publication tient toujours le verrou (essais : $attempt) ; rien n'est publié avant la prochaine exécution / another publication still holds the lock (attempts: $attempt); nothing is published before the next run" >> "$log"
    exit 0
fi
if [ "$rc" -ne 0 ]; then
    echo "barometre publish : code $rc / exit code $rc"
    tail -n +$((n + 1)) "$log" | tail -n 40
fi
exit "$rc"
