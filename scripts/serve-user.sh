# Sourced by the scripts that start a throw-away `ecat serve` (tests, benchmarks).
# Started by root, ecat serve drops to the account of its `user` setting; for a
# scratch server that account is nobody, which then owns the scratch directory.
#   serve_as_nobody DIR   sets serve_user=(--user nobody) when root, () otherwise
serve_user=()
serve_as_nobody() {
	if [ "$(id -u)" -eq 0 ]; then
		chown -R nobody: "$1"
		chmod 0711 "$1"
		serve_user=(--user nobody)
	fi
}
