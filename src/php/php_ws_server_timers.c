/* php_ws_server_timers.c: WebSocket\Server: application timers (after, every, cancel). */
#include "php.h"
#include "zend_exceptions.h"
#include "php_ws_server_int.h"

void php_ws_timer_free(php_ws_server *server, php_ws_timer *t)
{
	if (server->srv) {
		ws_loop_timer_stop(ws_server_loop(server->srv), &t->timer);
	}
	php_ws_callback_dtor(&t->cb);
	efree(t);
}

void php_ws_server_cancel_timers(php_ws_server *server)
{
	php_ws_timer *t;

	ZEND_HASH_FOREACH_PTR(&server->timers, t) {
		php_ws_timer_free(server, t);
	} ZEND_HASH_FOREACH_END();
	zend_hash_clean(&server->timers);
}


/* --- application timers --- */

static void timer_fire(ws_loop *l, ws_timer *wt)
{
	php_ws_timer *t = (php_ws_timer *) wt;
	php_ws_server *server = t->server;
	php_ws_callback cb;
	int failed;

	if (t->every_ms) {
		/* The next round is armed first: the callback may cancel (free) t. */
		ws_loop_timer_start(l, wt, t->every_ms, timer_fire);
		failed = php_ws_callback_call(&t->cb, 0, NULL) < 0;
	} else {
		/* One-shot: forget it first, so cancel() from inside returns false. */
		ZVAL_COPY(&cb.fn, &t->cb.fn);
		cb.fcc = t->cb.fcc;
		zend_hash_index_del(&server->timers, (zend_ulong) t->id);
		php_ws_timer_free(server, t);
		failed = php_ws_callback_call(&cb, 0, NULL) < 0;
		zval_ptr_dtor(&cb.fn);
	}
	if (failed) {
		php_ws_report_exception(server, NULL);
	}
}

static void add_timer(INTERNAL_FUNCTION_PARAMETERS, int repeat)
{
	php_ws_server *intern;
	zend_long ms;
	zend_fcall_info fci = empty_fcall_info;
	zend_fcall_info_cache fcc = empty_fcall_info_cache;
	php_ws_timer *t;

	ZEND_PARSE_PARAMETERS_START(2, 2)
		Z_PARAM_LONG(ms)
		Z_PARAM_FUNC(fci, fcc)
	ZEND_PARSE_PARAMETERS_END();

	if (!(intern = php_ws_server_checked(ZEND_THIS))) {
		RETURN_THROWS();
	}
	if (ms < (repeat ? 1 : 0)) {
		zend_argument_value_error(1, repeat ? "must be greater than 0" : "must be greater than or equal to 0");
		RETURN_THROWS();
	}
	t = ecalloc(1, sizeof(*t));
	ZVAL_UNDEF(&t->cb.fn);
	php_ws_callback_set(&t->cb, &fci, &fcc);
	t->server = intern;
	t->every_ms = repeat ? (uint64_t) ms : 0;
	t->id = ++intern->next_timer_id;
	zend_hash_index_add_new_ptr(&intern->timers, (zend_ulong) t->id, t);
	ws_loop_timer_start(ws_server_loop(intern->srv), &t->timer, (uint64_t) ms, timer_fire);
	RETURN_LONG(t->id);
}

ZEND_METHOD(WebSocket_Server, after) { add_timer(INTERNAL_FUNCTION_PARAM_PASSTHRU, 0); }
ZEND_METHOD(WebSocket_Server, every) { add_timer(INTERNAL_FUNCTION_PARAM_PASSTHRU, 1); }

ZEND_METHOD(WebSocket_Server, cancel)
{
	php_ws_server *intern;
	zend_long id;
	php_ws_timer *t;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_LONG(id)
	ZEND_PARSE_PARAMETERS_END();

	if (!(intern = php_ws_server_checked(ZEND_THIS))) {
		RETURN_THROWS();
	}
	t = zend_hash_index_find_ptr(&intern->timers, (zend_ulong) id);
	if (!t) {
		RETURN_FALSE;
	}
	zend_hash_index_del(&intern->timers, (zend_ulong) id);
	php_ws_timer_free(intern, t);
	RETURN_TRUE;
}
