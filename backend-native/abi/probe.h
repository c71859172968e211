/*
 * The Windows SDK headers the native backend binds, as mingw-w64 ships them. generate.py includes
 * this file in every probe it compiles (never links or runs: values are read from the assembly).
 * _WIN32_WINNT 0x0A00 = Windows 10, the oldest version the native backend supports.
 */
#define _WIN32_WINNT 0x0A00
#define WIN32_LEAN_AND_MEAN
#include <winsock2.h>
#include <ws2tcpip.h>
#include <mswsock.h>
#include <windows.h>
#include <winternl.h>
#include <wininet.h>
#include <wlanapi.h>
#include <ktmw32.h>

/* The Java classes name these by their structure tags; give the tags type names of their own. */
typedef struct linger linger;
typedef struct sockaddr_in sockaddr_in;
typedef struct sockaddr_in6 sockaddr_in6;
