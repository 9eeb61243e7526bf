/* php_ws_callback.c: stored callables that survive between calls. */
#include "php.h"
#include "php_ws.h"

void php_ws_callback_set(php_ws_callback *cb, zend_fcall_info *fci, zend_fcall_info_cache *fcc)
{
	php_ws_callback_dtor(cb);
	if (!fci || !ZEND_FCI_INITIALIZED(*fci)) {
		return;
	}
	ZVAL_COPY(&cb->fn, &fci->function_name);
	cb->fcc = *fcc;
	/* A __call trampoline is made per lookup and freed after the call, so it
	 * cannot be cached: resolve such a callable again on every call. */
	if (fcc->function_handler && (fcc->function_handler->common.fn_flags & ZEND_ACC_CALL_VIA_TRAMPOLINE)) {
		zend_release_fcall_info_cache(fcc);
		memset(&cb->fcc, 0, sizeof(cb->fcc));
	}
}

void php_ws_callback_dtor(php_ws_callback *cb)
{
	if (!Z_ISUNDEF(cb->fn)) {
		zval_ptr_dtor(&cb->fn);
		ZVAL_UNDEF(&cb->fn);
	}
	memset(&cb->fcc, 0, sizeof(cb->fcc));
}

int php_ws_callback_call(php_ws_callback *cb, uint32_t argc, zval *argv)
{
	return php_ws_callback_call_ret(cb, argc, argv, NULL);
}

int php_ws_callback_call_ret(php_ws_callback *cb, uint32_t argc, zval *argv, zval *ret)
{
	zend_fcall_info fci;
	zend_fcall_info_cache fcc;
	zval retval, fn;
	int ok;

	if (Z_ISUNDEF(cb->fn)) {
		return 0;
	}
	if (UNEXPECTED(EG(exception))) {
		return -1; /* the script is ending (exit() in an earlier callback): call nothing */
	}
	/* The callback may replace or drop itself (onMessage(null), cancel()):
	 * hold our own reference for the duration of the call. */
	ZVAL_COPY(&fn, &cb->fn);
	fcc = cb->fcc;
	fci.size = sizeof(fci);
	ZVAL_COPY_VALUE(&fci.function_name, &fn);
	fci.object = NULL;
	fci.retval = &retval;
	fci.param_count = argc;
	fci.params = argv;
	fci.named_params = NULL;
	ZVAL_UNDEF(&retval);
	ok = zend_call_function(&fci, fcc.function_handler ? &fcc : NULL) == SUCCESS;
	if (ret && ok && !EG(exception)) {
		ZVAL_COPY_VALUE(ret, &retval);
	} else {
		zval_ptr_dtor(&retval);
	}
	zval_ptr_dtor(&fn);
	return ok && !EG(exception) ? 0 : -1;
}
