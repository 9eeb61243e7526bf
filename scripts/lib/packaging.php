<?php
/*
 * scripts/lib/packaging.php: what gen_package_xml.php, gen_ide_stub.php and tests/packaging read from the tree.
 * The version lives in one place, PHP_WEBSOCKET_VERSION in php_websocket.h; everything else is checked against it.
 */
declare(strict_types=1);

/** PHP_WEBSOCKET_VERSION from php_websocket.h. */
function ws_version(string $root): string
{
    $h = file_get_contents("$root/php_websocket.h");
    if ($h === false || !preg_match('/^#define\s+PHP_WEBSOCKET_VERSION\s+"([^"]+)"/m', $h, $m)) {
        fwrite(STDERR, "no PHP_WEBSOCKET_VERSION in $root/php_websocket.h\n");
        exit(2);
    }
    return $m[1];
}

/**
 * The newest released entry of CHANGELOG.md: a heading "## X.Y.Z - YYYY-MM-DD" (an "## Unreleased" heading above
 * it is skipped). Returns ['version' => ..., 'date' => ..., 'notes' => the entry's text].
 *
 * @return array{version: string, date: string, notes: string}
 */
function ws_changelog_release(string $root): array
{
    $text = file_get_contents("$root/CHANGELOG.md");
    if ($text === false || !preg_match('/^## (\d+\.\d+\.\d+(?:[-.]?[a-zA-Z0-9.]+)?) - (\d{4}-\d{2}-\d{2})\s*$(.*?)(?=^## |\z)/ms', $text, $m)) {
        fwrite(STDERR, "no '## X.Y.Z - YYYY-MM-DD' heading in $root/CHANGELOG.md\n");
        exit(2);
    }
    return ['version' => $m[1], 'date' => $m[2], 'notes' => trim($m[3])];
}

/** Writes $content to $path, or with $check compares them; returns the exit status (1: stale). */
function ws_write_or_check(string $path, string $content, bool $check, string $command): int
{
    $old = is_file($path) ? file_get_contents($path) : null;
    if ($check) {
        if ($old === $content) {
            return 0;
        }
        $rel = basename(dirname($path)) . '/' . basename($path);
        fwrite(STDERR, $old === null ? "$rel is missing: run $command\n" : "$rel is stale: run $command\n");
        if ($old !== null) {
            $tmp = tempnam(sys_get_temp_dir(), 'ws-gen');
            file_put_contents($tmp, $content);
            $diff = shell_exec('diff -u ' . escapeshellarg($path) . ' ' . escapeshellarg($tmp) . ' | head -n 40');
            unlink($tmp);
            fwrite(STDERR, (string) $diff);
        }
        return 1;
    }
    if ($old !== $content) {
        if (!is_dir(dirname($path))) {
            mkdir(dirname($path), 0777, true);
        }
        file_put_contents($path, $content);
        echo "wrote $path\n";
    }
    return 0;
}
