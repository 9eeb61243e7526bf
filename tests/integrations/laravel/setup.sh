#!/usr/bin/env bash
# Prepares what the Laravel integration tests need, cached under $WS_IT_CACHE (default /var/cache/ext-websocket-it):
#  - a laravel/laravel 12 skeleton from Composer, with laravel/pint, sail and pail dropped from its dev
#    requirements (the registry here has pint builds for PHP 8.3 only) and pusher/pusher-php-server added
#    (what Laravel's reverb/pusher broadcast drivers use), laravel/sanctum (handshake auth by token) and
#    phpstan/phpstan (the packages analysed at level 6);
#  - the npm clients: pusher-js 8.6.0, laravel-echo 2.5.0, ws, playwright-core (drives Debian's chromium).
# Then makes a fresh app in $1 from the skeleton: the two packages of this repository from path repositories,
# the fixture files, .env, a migrated SQLite database with three users.
# Prints nothing on success but its own progress lines; any failure exits non-zero with the tool's error.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
cache=${WS_IT_CACHE:-/var/cache/ext-websocket-it}
app=${1:?usage: setup.sh APP_DIR}
export COMPOSER_CACHE_DIR=$cache/composer COMPOSER_NO_INTERACTION=1 COMPOSER_ALLOW_SUPERUSER=1
mkdir -p "$cache"

skeleton=$cache/laravel-12-sanctum-phpstan
if [ ! -f "$skeleton/.ready" ]; then
	echo "setup: composer create-project laravel/laravel ^12 into $skeleton"
	rm -rf "$skeleton" "$skeleton.tmp"
	composer create-project --no-install --no-scripts --quiet laravel/laravel "$skeleton.tmp" '^12'
	(
		cd "$skeleton.tmp"
		composer remove --dev --no-update --quiet laravel/pint laravel/sail laravel/pail
		composer require --no-update --quiet 'pusher/pusher-php-server:^7.2' 'laravel/sanctum:^4.0'
		composer require --dev --no-update --quiet 'phpstan/phpstan:2.3.5'
		composer update --no-scripts --no-progress --quiet
	)
	touch "$skeleton.tmp/.ready"
	mv "$skeleton.tmp" "$skeleton"
fi

node=$cache/node-echo-8.6.0-2.5.0
if [ ! -f "$node/.ready" ]; then
	echo "setup: npm install pusher-js laravel-echo ws playwright-core into $node"
	rm -rf "$node"
	mkdir -p "$node"
	(cd "$node" && echo '{"private":true}' > package.json &&
		npm install --no-audit --no-fund --silent pusher-js@8.6.0 laravel-echo@2.5.0 ws@8.23.0 playwright-core@1.61.1)
	touch "$node/.ready"
fi

rm -rf "$app"
cp -a "$skeleton" "$app"
cd "$app"
rm -f .ready
composer config repositories.ws-pusher '{"type": "path", "url": "'"$root"'/integrations/pusher", "options": {"symlink": true}}'
composer config repositories.ws-laravel '{"type": "path", "url": "'"$root"'/integrations/laravel", "options": {"symlink": true}}'
composer require --quiet --no-progress 'ext-websocket/pusher:@dev' 'ext-websocket/laravel:@dev'
cp -r "$here/fixture/." "$app/"
php -r '
$f = "bootstrap/app.php";
$s = file_get_contents($f);
$s = str_replace("web: __DIR__.\x27/../routes/web.php\x27,", "web: [__DIR__.\x27/../routes/web.php\x27, __DIR__.\x27/../routes/test.php\x27],\n        channels: __DIR__.\x27/../routes/channels.php\x27,", $s, $n);
$n === 1 || exit(1);
file_put_contents($f, $s);'
mkdir -p public/js
cp "$node/node_modules/pusher-js/dist/web/pusher.js" "$node/node_modules/laravel-echo/dist/echo.iife.js" public/js/
cp .env.example .env
cat >> .env <<ENV
BROADCAST_CONNECTION=reverb
REVERB_APP_ID=123456
REVERB_APP_KEY=app-key
REVERB_APP_SECRET=app-secret
REVERB_HOST=127.0.0.1
REVERB_SCHEME=http
REVERB_SERVER_HOST=127.0.0.1
ENV
php artisan key:generate --quiet
touch database/database.sqlite
php artisan vendor:publish --tag=sanctum-migrations --quiet
php artisan migrate --force --seed --quiet
php artisan vendor:publish --tag=websocket-config --quiet
test -f config/websocket.php
echo "$node"
