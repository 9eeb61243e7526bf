/* This is a generated file, edit the .stub.php file instead.
 * Stub hash: e96b17bbff121359643c4f741d69cf30a4248dd8 */

ZEND_BEGIN_ARG_INFO_EX(arginfo_class_WebSocket_Server___construct, 0, 0, 2)
	ZEND_ARG_TYPE_INFO(0, host, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, port, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, options, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_WebSocket_Server_onOpen, 0, 1, IS_STATIC, 0)
	ZEND_ARG_TYPE_INFO(0, callback, IS_CALLABLE, 1)
ZEND_END_ARG_INFO()

#define arginfo_class_WebSocket_Server_onMessage arginfo_class_WebSocket_Server_onOpen

#define arginfo_class_WebSocket_Server_onClose arginfo_class_WebSocket_Server_onOpen

#define arginfo_class_WebSocket_Server_onError arginfo_class_WebSocket_Server_onOpen

#define arginfo_class_WebSocket_Server_onDrain arginfo_class_WebSocket_Server_onOpen

#define arginfo_class_WebSocket_Server_onShutdown arginfo_class_WebSocket_Server_onOpen

#define arginfo_class_WebSocket_Server_onReload arginfo_class_WebSocket_Server_onOpen

#define arginfo_class_WebSocket_Server_onHandshake arginfo_class_WebSocket_Server_onOpen

#define arginfo_class_WebSocket_Server_onRequest arginfo_class_WebSocket_Server_onOpen

#define arginfo_class_WebSocket_Server_onWorkerStart arginfo_class_WebSocket_Server_onOpen

#define arginfo_class_WebSocket_Server_onWorkerStop arginfo_class_WebSocket_Server_onOpen

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_WebSocket_Server_run, 0, 0, IS_VOID, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_WebSocket_Server_stop arginfo_class_WebSocket_Server_run

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_WebSocket_Server_getHost, 0, 0, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_WebSocket_Server_getPort, 0, 0, IS_LONG, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_WebSocket_Server_listen, 0, 2, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, host, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, port, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, options, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_WebSocket_Server_reloadTls, 0, 0, IS_VOID, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, tls, IS_ARRAY, 1, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_WebSocket_Server_getWorkerId, 0, 0, IS_LONG, 1)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_WebSocket_Server_broadcast, 0, 1, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, data, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, binary, _IS_BOOL, 0, "false")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, except, IS_ARRAY, 1, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, compress, _IS_BOOL, 0, "true")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_WebSocket_Server_publish, 0, 2, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, topic, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, data, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, binary, _IS_BOOL, 0, "false")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, except, IS_ARRAY, 1, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, compress, _IS_BOOL, 0, "true")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_WebSocket_Server_getSubscriberCount, 0, 1, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, topic, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, allWorkers, _IS_BOOL, 0, "false")
ZEND_END_ARG_INFO()

#define arginfo_class_WebSocket_Server_getNodeId arginfo_class_WebSocket_Server_getPort

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_WebSocket_Server_after, 0, 2, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, milliseconds, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, callback, IS_CALLABLE, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_WebSocket_Server_every arginfo_class_WebSocket_Server_after

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_WebSocket_Server_cancel, 0, 1, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, timerId, IS_LONG, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_WebSocket_Server_count arginfo_class_WebSocket_Server_getPort

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_WebSocket_Server_getConnections, 0, 0, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_class_WebSocket_Server_getConnection, 0, 1, WebSocket\\Connection, 1)
	ZEND_ARG_TYPE_INFO(0, id, IS_LONG, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_class_WebSocket_Server_getIterator, 0, 0, Iterator, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_WebSocket_Server_getStats arginfo_class_WebSocket_Server_getConnections

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_WebSocket_Connection_send, 0, 1, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, data, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, binary, _IS_BOOL, 0, "false")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, compress, _IS_BOOL, 0, "true")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_WebSocket_Connection_sendJson, 0, 1, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, value, IS_MIXED, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, flags, IS_LONG, 0, "0")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, depth, IS_LONG, 0, "512")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_WebSocket_Connection_ping, 0, 0, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, payload, IS_STRING, 0, "\"\"")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_WebSocket_Connection_close, 0, 0, IS_VOID, 0)
	ZEND_ARG_OBJ_TYPE_MASK(0, code, WebSocket\\CloseCode, MAY_BE_LONG, "WebSocket\\CloseCode::Normal")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, reason, IS_STRING, 0, "\"\"")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_WebSocket_Connection_isOpen, 0, 0, _IS_BOOL, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_WebSocket_Connection_getBufferedAmount arginfo_class_WebSocket_Server_getPort

#define arginfo_class_WebSocket_Connection_getRemoteAddress arginfo_class_WebSocket_Server_getHost

#define arginfo_class_WebSocket_Connection_getRemotePort arginfo_class_WebSocket_Server_getPort

#define arginfo_class_WebSocket_Connection_getPath arginfo_class_WebSocket_Server_getHost

#define arginfo_class_WebSocket_Connection_getQuery arginfo_class_WebSocket_Server_getHost

#define arginfo_class_WebSocket_Connection_getHeaders arginfo_class_WebSocket_Server_getConnections

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_WebSocket_Connection_getHeader, 0, 1, IS_STRING, 1)
	ZEND_ARG_TYPE_INFO(0, name, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_WebSocket_Connection_getSubprotocol, 0, 0, IS_STRING, 1)
ZEND_END_ARG_INFO()

#define arginfo_class_WebSocket_Connection_getExtensions arginfo_class_WebSocket_Server_getConnections

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_WebSocket_Connection_getRtt, 0, 0, IS_DOUBLE, 1)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_WebSocket_Connection_subscribe, 0, 1, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, topic, IS_STRING, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_WebSocket_Connection_unsubscribe arginfo_class_WebSocket_Connection_subscribe

#define arginfo_class_WebSocket_Connection_isSubscribed arginfo_class_WebSocket_Connection_subscribe

#define arginfo_class_WebSocket_Connection_getTopics arginfo_class_WebSocket_Server_getConnections

#define arginfo_class_WebSocket_Connection_getClusterId arginfo_class_WebSocket_Server_getHost

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_WebSocket_Connection_getTlsInfo, 0, 0, IS_ARRAY, 1)
ZEND_END_ARG_INFO()

#define arginfo_class_WebSocket_Request_getMethod arginfo_class_WebSocket_Server_getHost

#define arginfo_class_WebSocket_Request_getPath arginfo_class_WebSocket_Server_getHost

#define arginfo_class_WebSocket_Request_getQuery arginfo_class_WebSocket_Server_getHost

#define arginfo_class_WebSocket_Request_getHeaders arginfo_class_WebSocket_Server_getConnections

#define arginfo_class_WebSocket_Request_getHeader arginfo_class_WebSocket_Connection_getHeader

#define arginfo_class_WebSocket_Request_getCookies arginfo_class_WebSocket_Server_getConnections

#define arginfo_class_WebSocket_Request_getCookie arginfo_class_WebSocket_Connection_getHeader

#define arginfo_class_WebSocket_Request_getBody arginfo_class_WebSocket_Server_getHost

#define arginfo_class_WebSocket_Request_getRemoteAddress arginfo_class_WebSocket_Server_getHost

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_WebSocket_Response_setStatus, 0, 1, IS_STATIC, 0)
	ZEND_ARG_TYPE_INFO(0, status, IS_LONG, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_WebSocket_Response_getStatus arginfo_class_WebSocket_Server_getPort

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_WebSocket_Response_setHeader, 0, 2, IS_STATIC, 0)
	ZEND_ARG_TYPE_INFO(0, name, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, value, IS_STRING, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_WebSocket_Response_addHeader arginfo_class_WebSocket_Response_setHeader

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_WebSocket_Response_setSubprotocol, 0, 1, IS_STATIC, 0)
	ZEND_ARG_TYPE_INFO(0, name, IS_STRING, 1)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_WebSocket_Response_end, 0, 0, IS_VOID, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, body, IS_STRING, 0, "\"\"")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_WebSocket_Response_sendFile, 0, 1, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, path, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, contentType, IS_STRING, 1, "null")
ZEND_END_ARG_INFO()


ZEND_METHOD(WebSocket_Server, __construct);
ZEND_METHOD(WebSocket_Server, onOpen);
ZEND_METHOD(WebSocket_Server, onMessage);
ZEND_METHOD(WebSocket_Server, onClose);
ZEND_METHOD(WebSocket_Server, onError);
ZEND_METHOD(WebSocket_Server, onDrain);
ZEND_METHOD(WebSocket_Server, onShutdown);
ZEND_METHOD(WebSocket_Server, onReload);
ZEND_METHOD(WebSocket_Server, onHandshake);
ZEND_METHOD(WebSocket_Server, onRequest);
ZEND_METHOD(WebSocket_Server, onWorkerStart);
ZEND_METHOD(WebSocket_Server, onWorkerStop);
ZEND_METHOD(WebSocket_Server, run);
ZEND_METHOD(WebSocket_Server, stop);
ZEND_METHOD(WebSocket_Server, getHost);
ZEND_METHOD(WebSocket_Server, getPort);
ZEND_METHOD(WebSocket_Server, listen);
ZEND_METHOD(WebSocket_Server, reloadTls);
ZEND_METHOD(WebSocket_Server, getWorkerId);
ZEND_METHOD(WebSocket_Server, broadcast);
ZEND_METHOD(WebSocket_Server, publish);
ZEND_METHOD(WebSocket_Server, getSubscriberCount);
ZEND_METHOD(WebSocket_Server, getNodeId);
ZEND_METHOD(WebSocket_Server, after);
ZEND_METHOD(WebSocket_Server, every);
ZEND_METHOD(WebSocket_Server, cancel);
ZEND_METHOD(WebSocket_Server, count);
ZEND_METHOD(WebSocket_Server, getConnections);
ZEND_METHOD(WebSocket_Server, getConnection);
ZEND_METHOD(WebSocket_Server, getIterator);
ZEND_METHOD(WebSocket_Server, getStats);
ZEND_METHOD(WebSocket_Connection, send);
ZEND_METHOD(WebSocket_Connection, sendJson);
ZEND_METHOD(WebSocket_Connection, ping);
ZEND_METHOD(WebSocket_Connection, close);
ZEND_METHOD(WebSocket_Connection, isOpen);
ZEND_METHOD(WebSocket_Connection, getBufferedAmount);
ZEND_METHOD(WebSocket_Connection, getRemoteAddress);
ZEND_METHOD(WebSocket_Connection, getRemotePort);
ZEND_METHOD(WebSocket_Connection, getPath);
ZEND_METHOD(WebSocket_Connection, getQuery);
ZEND_METHOD(WebSocket_Connection, getHeaders);
ZEND_METHOD(WebSocket_Connection, getHeader);
ZEND_METHOD(WebSocket_Connection, getSubprotocol);
ZEND_METHOD(WebSocket_Connection, getExtensions);
ZEND_METHOD(WebSocket_Connection, getRtt);
ZEND_METHOD(WebSocket_Connection, subscribe);
ZEND_METHOD(WebSocket_Connection, unsubscribe);
ZEND_METHOD(WebSocket_Connection, isSubscribed);
ZEND_METHOD(WebSocket_Connection, getTopics);
ZEND_METHOD(WebSocket_Connection, getClusterId);
ZEND_METHOD(WebSocket_Connection, getTlsInfo);
ZEND_METHOD(WebSocket_Request, getMethod);
ZEND_METHOD(WebSocket_Request, getPath);
ZEND_METHOD(WebSocket_Request, getQuery);
ZEND_METHOD(WebSocket_Request, getHeaders);
ZEND_METHOD(WebSocket_Request, getHeader);
ZEND_METHOD(WebSocket_Request, getCookies);
ZEND_METHOD(WebSocket_Request, getCookie);
ZEND_METHOD(WebSocket_Request, getBody);
ZEND_METHOD(WebSocket_Request, getRemoteAddress);
ZEND_METHOD(WebSocket_Response, setStatus);
ZEND_METHOD(WebSocket_Response, getStatus);
ZEND_METHOD(WebSocket_Response, setHeader);
ZEND_METHOD(WebSocket_Response, addHeader);
ZEND_METHOD(WebSocket_Response, setSubprotocol);
ZEND_METHOD(WebSocket_Response, end);
ZEND_METHOD(WebSocket_Response, sendFile);


static const zend_function_entry class_WebSocket_CloseCode_methods[] = {
	ZEND_FE_END
};


static const zend_function_entry class_WebSocket_Server_methods[] = {
	ZEND_ME(WebSocket_Server, __construct, arginfo_class_WebSocket_Server___construct, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Server, onOpen, arginfo_class_WebSocket_Server_onOpen, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Server, onMessage, arginfo_class_WebSocket_Server_onMessage, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Server, onClose, arginfo_class_WebSocket_Server_onClose, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Server, onError, arginfo_class_WebSocket_Server_onError, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Server, onDrain, arginfo_class_WebSocket_Server_onDrain, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Server, onShutdown, arginfo_class_WebSocket_Server_onShutdown, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Server, onReload, arginfo_class_WebSocket_Server_onReload, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Server, onHandshake, arginfo_class_WebSocket_Server_onHandshake, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Server, onRequest, arginfo_class_WebSocket_Server_onRequest, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Server, onWorkerStart, arginfo_class_WebSocket_Server_onWorkerStart, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Server, onWorkerStop, arginfo_class_WebSocket_Server_onWorkerStop, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Server, run, arginfo_class_WebSocket_Server_run, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Server, stop, arginfo_class_WebSocket_Server_stop, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Server, getHost, arginfo_class_WebSocket_Server_getHost, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Server, getPort, arginfo_class_WebSocket_Server_getPort, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Server, listen, arginfo_class_WebSocket_Server_listen, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Server, reloadTls, arginfo_class_WebSocket_Server_reloadTls, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Server, getWorkerId, arginfo_class_WebSocket_Server_getWorkerId, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Server, broadcast, arginfo_class_WebSocket_Server_broadcast, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Server, publish, arginfo_class_WebSocket_Server_publish, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Server, getSubscriberCount, arginfo_class_WebSocket_Server_getSubscriberCount, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Server, getNodeId, arginfo_class_WebSocket_Server_getNodeId, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Server, after, arginfo_class_WebSocket_Server_after, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Server, every, arginfo_class_WebSocket_Server_every, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Server, cancel, arginfo_class_WebSocket_Server_cancel, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Server, count, arginfo_class_WebSocket_Server_count, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Server, getConnections, arginfo_class_WebSocket_Server_getConnections, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Server, getConnection, arginfo_class_WebSocket_Server_getConnection, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Server, getIterator, arginfo_class_WebSocket_Server_getIterator, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Server, getStats, arginfo_class_WebSocket_Server_getStats, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_WebSocket_Connection_methods[] = {
	ZEND_ME(WebSocket_Connection, send, arginfo_class_WebSocket_Connection_send, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Connection, sendJson, arginfo_class_WebSocket_Connection_sendJson, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Connection, ping, arginfo_class_WebSocket_Connection_ping, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Connection, close, arginfo_class_WebSocket_Connection_close, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Connection, isOpen, arginfo_class_WebSocket_Connection_isOpen, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Connection, getBufferedAmount, arginfo_class_WebSocket_Connection_getBufferedAmount, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Connection, getRemoteAddress, arginfo_class_WebSocket_Connection_getRemoteAddress, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Connection, getRemotePort, arginfo_class_WebSocket_Connection_getRemotePort, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Connection, getPath, arginfo_class_WebSocket_Connection_getPath, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Connection, getQuery, arginfo_class_WebSocket_Connection_getQuery, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Connection, getHeaders, arginfo_class_WebSocket_Connection_getHeaders, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Connection, getHeader, arginfo_class_WebSocket_Connection_getHeader, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Connection, getSubprotocol, arginfo_class_WebSocket_Connection_getSubprotocol, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Connection, getExtensions, arginfo_class_WebSocket_Connection_getExtensions, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Connection, getRtt, arginfo_class_WebSocket_Connection_getRtt, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Connection, subscribe, arginfo_class_WebSocket_Connection_subscribe, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Connection, unsubscribe, arginfo_class_WebSocket_Connection_unsubscribe, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Connection, isSubscribed, arginfo_class_WebSocket_Connection_isSubscribed, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Connection, getTopics, arginfo_class_WebSocket_Connection_getTopics, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Connection, getClusterId, arginfo_class_WebSocket_Connection_getClusterId, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Connection, getTlsInfo, arginfo_class_WebSocket_Connection_getTlsInfo, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_WebSocket_Request_methods[] = {
	ZEND_ME(WebSocket_Request, getMethod, arginfo_class_WebSocket_Request_getMethod, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Request, getPath, arginfo_class_WebSocket_Request_getPath, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Request, getQuery, arginfo_class_WebSocket_Request_getQuery, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Request, getHeaders, arginfo_class_WebSocket_Request_getHeaders, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Request, getHeader, arginfo_class_WebSocket_Request_getHeader, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Request, getCookies, arginfo_class_WebSocket_Request_getCookies, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Request, getCookie, arginfo_class_WebSocket_Request_getCookie, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Request, getBody, arginfo_class_WebSocket_Request_getBody, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Request, getRemoteAddress, arginfo_class_WebSocket_Request_getRemoteAddress, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_WebSocket_Response_methods[] = {
	ZEND_ME(WebSocket_Response, setStatus, arginfo_class_WebSocket_Response_setStatus, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Response, getStatus, arginfo_class_WebSocket_Response_getStatus, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Response, setHeader, arginfo_class_WebSocket_Response_setHeader, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Response, addHeader, arginfo_class_WebSocket_Response_addHeader, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Response, setSubprotocol, arginfo_class_WebSocket_Response_setSubprotocol, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Response, end, arginfo_class_WebSocket_Response_end, ZEND_ACC_PUBLIC)
	ZEND_ME(WebSocket_Response, sendFile, arginfo_class_WebSocket_Response_sendFile, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_WebSocket_Exception_methods[] = {
	ZEND_FE_END
};


static const zend_function_entry class_WebSocket_ServerException_methods[] = {
	ZEND_FE_END
};


static const zend_function_entry class_WebSocket_BackpressureException_methods[] = {
	ZEND_FE_END
};


static const zend_function_entry class_WebSocket_RateLimitException_methods[] = {
	ZEND_FE_END
};

static zend_class_entry *register_class_WebSocket_CloseCode(void)
{
	zend_class_entry *class_entry = zend_register_internal_enum("WebSocket\\CloseCode", IS_LONG, class_WebSocket_CloseCode_methods);

	zval enum_case_Normal_value;
	ZVAL_LONG(&enum_case_Normal_value, 1000);
	zend_enum_add_case_cstr(class_entry, "Normal", &enum_case_Normal_value);

	zval enum_case_GoingAway_value;
	ZVAL_LONG(&enum_case_GoingAway_value, 1001);
	zend_enum_add_case_cstr(class_entry, "GoingAway", &enum_case_GoingAway_value);

	zval enum_case_ProtocolError_value;
	ZVAL_LONG(&enum_case_ProtocolError_value, 1002);
	zend_enum_add_case_cstr(class_entry, "ProtocolError", &enum_case_ProtocolError_value);

	zval enum_case_UnsupportedData_value;
	ZVAL_LONG(&enum_case_UnsupportedData_value, 1003);
	zend_enum_add_case_cstr(class_entry, "UnsupportedData", &enum_case_UnsupportedData_value);

	zval enum_case_NoStatus_value;
	ZVAL_LONG(&enum_case_NoStatus_value, 1005);
	zend_enum_add_case_cstr(class_entry, "NoStatus", &enum_case_NoStatus_value);

	zval enum_case_Abnormal_value;
	ZVAL_LONG(&enum_case_Abnormal_value, 1006);
	zend_enum_add_case_cstr(class_entry, "Abnormal", &enum_case_Abnormal_value);

	zval enum_case_InvalidPayload_value;
	ZVAL_LONG(&enum_case_InvalidPayload_value, 1007);
	zend_enum_add_case_cstr(class_entry, "InvalidPayload", &enum_case_InvalidPayload_value);

	zval enum_case_PolicyViolation_value;
	ZVAL_LONG(&enum_case_PolicyViolation_value, 1008);
	zend_enum_add_case_cstr(class_entry, "PolicyViolation", &enum_case_PolicyViolation_value);

	zval enum_case_MessageTooBig_value;
	ZVAL_LONG(&enum_case_MessageTooBig_value, 1009);
	zend_enum_add_case_cstr(class_entry, "MessageTooBig", &enum_case_MessageTooBig_value);

	zval enum_case_MandatoryExtension_value;
	ZVAL_LONG(&enum_case_MandatoryExtension_value, 1010);
	zend_enum_add_case_cstr(class_entry, "MandatoryExtension", &enum_case_MandatoryExtension_value);

	zval enum_case_InternalError_value;
	ZVAL_LONG(&enum_case_InternalError_value, 1011);
	zend_enum_add_case_cstr(class_entry, "InternalError", &enum_case_InternalError_value);

	zval enum_case_TryAgainLater_value;
	ZVAL_LONG(&enum_case_TryAgainLater_value, 1013);
	zend_enum_add_case_cstr(class_entry, "TryAgainLater", &enum_case_TryAgainLater_value);

	return class_entry;
}

static zend_class_entry *register_class_WebSocket_Server(zend_class_entry *class_entry_Countable, zend_class_entry *class_entry_IteratorAggregate)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "WebSocket", "Server", class_WebSocket_Server_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NO_DYNAMIC_PROPERTIES|ZEND_ACC_NOT_SERIALIZABLE;
	zend_class_implements(class_entry, 2, class_entry_Countable, class_entry_IteratorAggregate);

	return class_entry;
}

static zend_class_entry *register_class_WebSocket_Connection(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "WebSocket", "Connection", class_WebSocket_Connection_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NO_DYNAMIC_PROPERTIES|ZEND_ACC_NOT_SERIALIZABLE;

	zval property_id_default_value;
	ZVAL_UNDEF(&property_id_default_value);
	zend_string *property_id_name = zend_string_init("id", sizeof("id") - 1, 1);
	zend_declare_typed_property(class_entry, property_id_name, &property_id_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_LONG));
	zend_string_release(property_id_name);

	zval property_data_default_value;
	ZVAL_NULL(&property_data_default_value);
	zend_string *property_data_name = zend_string_init("data", sizeof("data") - 1, 1);
	zend_declare_typed_property(class_entry, property_data_name, &property_data_default_value, ZEND_ACC_PUBLIC, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_ANY));
	zend_string_release(property_data_name);

	return class_entry;
}

static zend_class_entry *register_class_WebSocket_Request(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "WebSocket", "Request", class_WebSocket_Request_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NO_DYNAMIC_PROPERTIES|ZEND_ACC_NOT_SERIALIZABLE;

	zval property_data_default_value;
	ZVAL_NULL(&property_data_default_value);
	zend_string *property_data_name = zend_string_init("data", sizeof("data") - 1, 1);
	zend_declare_typed_property(class_entry, property_data_name, &property_data_default_value, ZEND_ACC_PUBLIC, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_ANY));
	zend_string_release(property_data_name);

	return class_entry;
}

static zend_class_entry *register_class_WebSocket_Response(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "WebSocket", "Response", class_WebSocket_Response_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NO_DYNAMIC_PROPERTIES|ZEND_ACC_NOT_SERIALIZABLE;

	return class_entry;
}

static zend_class_entry *register_class_WebSocket_Exception(zend_class_entry *class_entry_Exception)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "WebSocket", "Exception", class_WebSocket_Exception_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_Exception);

	return class_entry;
}

static zend_class_entry *register_class_WebSocket_ServerException(zend_class_entry *class_entry_WebSocket_Exception)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "WebSocket", "ServerException", class_WebSocket_ServerException_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_WebSocket_Exception);
	class_entry->ce_flags |= ZEND_ACC_FINAL;

	return class_entry;
}

static zend_class_entry *register_class_WebSocket_BackpressureException(zend_class_entry *class_entry_WebSocket_Exception)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "WebSocket", "BackpressureException", class_WebSocket_BackpressureException_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_WebSocket_Exception);
	class_entry->ce_flags |= ZEND_ACC_FINAL;

	return class_entry;
}

static zend_class_entry *register_class_WebSocket_RateLimitException(zend_class_entry *class_entry_WebSocket_Exception)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "WebSocket", "RateLimitException", class_WebSocket_RateLimitException_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_WebSocket_Exception);
	class_entry->ce_flags |= ZEND_ACC_FINAL;

	return class_entry;
}
