/*
 * Prototype of the out-of-process XFS host (issue 11, item 8; docs/32-bit-host.md): a small program
 * that loads the XFS Manager (msxfs.dll, or the simulator), owns the message-only window and its pump
 * thread, and serves one gateway over a stream socket. Built for 32-bit Windows it would let 32-bit
 * service providers be driven by a 64-bit, supported Node; this prototype runs on Linux (Unix socket,
 * the simulator's shared library) to measure what the extra hop costs.
 *
 * Frames, little-endian, each prefixed by a uint32 length of what follows:
 *   OPEN     1, uint32 versions, char name[] (NUL)      -> OPENED 1, int32 hResult, uint16 hService
 *   GETINFO  2, uint32 tag, uint16 hService, uint32 category, uint32 copyBytes
 *            -> COMPLETE 3, uint32 tag, int32 hResult, uint32 n, n bytes copied from lpBuffer
 *   QUIT     9
 * The host frees each WFSRESULT after copying it; a real host would serialise the whole result
 * (pointers followed by the layouts the gateway already has), see the design note.
 * Usage: xfs_host <manager library> <socket path>
 */
#define _POSIX_C_SOURCE 200809L
#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#pragma pack(push, 1)
typedef struct {
    uint32_t RequestID;
    uint16_t hService;
    uint16_t tsTimestamp[8];
    int32_t hResult;
    uint32_t u;
    void *lpBuffer;
} WFSRESULT;
#pragma pack(pop)

typedef struct { void *hwnd; uint32_t message; uintptr_t wParam; void *lParam; uint32_t time; int32_t x, y; uint32_t priv; } MSG;

typedef int32_t (*StartUp_t)(uint32_t, void *);
typedef int32_t (*Open_t)(const char *, void *, const char *, uint32_t, uint32_t, uint32_t, void *, void *, uint16_t *);
typedef int32_t (*AsyncGetInfo_t)(uint16_t, uint32_t, void *, uint32_t, void *, uint32_t *);
typedef int32_t (*FreeResult_t)(void *);
typedef void *(*CreateWindowExA_t)(uint32_t, const char *, const char *, uint32_t, int32_t, int32_t, int32_t, int32_t, void *, void *, void *, void *);
typedef int32_t (*GetMessageA_t)(MSG *, void *, uint32_t, uint32_t);

static AsyncGetInfo_t WFSAsyncGetInfo;
static FreeResult_t WFSFreeResult;
static CreateWindowExA_t CreateWindowExA;
static GetMessageA_t GetMessageA;

#define WM_USER 0x400
#define WFS_GETINFO_COMPLETE (WM_USER + 7)
#define WFS_EXECUTE_COMPLETE (WM_USER + 8)
#define MAX_PENDING 256

static int client = -1;
static pthread_mutex_t write_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t pending_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t ready_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ready_cond = PTHREAD_COND_INITIALIZER;
static void *hwnd;
static struct { uint32_t request_id, tag, copy_bytes; int used; } pending[MAX_PENDING];

static int write_all(const void *buf, size_t n) {
    const char *p = buf;
    while (n > 0) {
        ssize_t w = write(client, p, n);
        if (w <= 0) return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* The one writer of reply frames: length (op byte + head + body), op, head, body, under write_lock
 * (the pump thread's completions and the reader's immediate replies interleave otherwise). */
static void send_frame(unsigned char op, const void *head, uint32_t head_len, const void *body, uint32_t body_len) {
    uint32_t length = 1 + head_len + body_len;
    unsigned char prefix[5];
    memcpy(prefix, &length, 4);
    prefix[4] = op;
    pthread_mutex_lock(&write_lock);
    write_all(prefix, sizeof prefix);
    if (head_len > 0) write_all(head, head_len);
    if (body_len > 0) write_all(body, body_len);
    pthread_mutex_unlock(&write_lock);
}

/* COMPLETE (op 3): tag, hResult, the copied result bytes. */
static void send_complete(uint32_t tag, int32_t hr, const void *data, uint32_t n) {
    unsigned char head[12];
    memcpy(head, &tag, 4);
    memcpy(head + 4, &hr, 4);
    memcpy(head + 8, &n, 4);
    send_frame(3, head, sizeof head, data, n);
}

static int read_all(void *buf, size_t n) {
    char *p = buf;
    while (n > 0) {
        ssize_t r = read(client, p, n);
        if (r <= 0) return -1;
        p += r;
        n -= (size_t)r;
    }
    return 0;
}

/* The pump: owns the window (messages go to the creating thread's queue), relays completions. */
static void *pump(void *arg) {
    (void)arg;
    pthread_mutex_lock(&ready_lock);
    hwnd = CreateWindowExA(0, "STATIC", "xfs-host pump", 0, 0, 0, 0, 0, (void *)(intptr_t)-3, NULL, NULL, NULL);
    pthread_cond_signal(&ready_cond);
    pthread_mutex_unlock(&ready_lock);
    MSG msg;
    while (GetMessageA(&msg, NULL, 0, 0) > 0) {
        if (msg.message != WFS_GETINFO_COMPLETE && msg.message != WFS_EXECUTE_COMPLETE) continue;
        WFSRESULT *result = msg.lParam;
        uint32_t tag = 0, copy = 0;
        pthread_mutex_lock(&pending_lock);
        for (int i = 0; i < MAX_PENDING; i++) {
            if (pending[i].used && pending[i].request_id == result->RequestID) {
                tag = pending[i].tag;
                copy = pending[i].copy_bytes;
                pending[i].used = 0;
                break;
            }
        }
        pthread_mutex_unlock(&pending_lock);
        uint32_t n = result->hResult == 0 && result->lpBuffer ? copy : 0;
        send_complete(tag, result->hResult, result->lpBuffer, n);
        WFSFreeResult(result);
    }
    return NULL;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: xfs_host <manager library> <socket path>\n");
        return 2;
    }
    void *lib = dlopen(argv[1], RTLD_NOW);
    if (!lib) {
        fprintf(stderr, "xfs_host: %s\n", dlerror());
        return 1;
    }
    StartUp_t WFSStartUp = (StartUp_t)dlsym(lib, "WFSStartUp");
    Open_t WFSOpen = (Open_t)dlsym(lib, "WFSOpen");
    WFSAsyncGetInfo = (AsyncGetInfo_t)dlsym(lib, "WFSAsyncGetInfo");
    WFSFreeResult = (FreeResult_t)dlsym(lib, "WFSFreeResult");
    CreateWindowExA = (CreateWindowExA_t)dlsym(lib, "CreateWindowExA");
    GetMessageA = (GetMessageA_t)dlsym(lib, "GetMessageA");
    if (!WFSStartUp || !WFSOpen || !WFSAsyncGetInfo || !WFSFreeResult || !CreateWindowExA || !GetMessageA) {
        fprintf(stderr, "xfs_host: %s lacks an XFS Manager or window entry point\n", argv[1]);
        return 1;
    }
    unsigned char version[1024];
    WFSStartUp(0x00021E03u, version);

    int server = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    strncpy(addr.sun_path, argv[2], sizeof addr.sun_path - 1);
    unlink(argv[2]);
    if (bind(server, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(server, 1) != 0) {
        perror("xfs_host: socket");
        return 1;
    }
    pthread_t thread;
    pthread_mutex_lock(&ready_lock);
    pthread_create(&thread, NULL, pump, NULL);
    while (!hwnd) pthread_cond_wait(&ready_cond, &ready_lock);
    pthread_mutex_unlock(&ready_lock);
    printf("ready\n");
    fflush(stdout);
    client = accept(server, NULL, NULL);
    for (;;) {
        uint32_t length;
        if (read_all(&length, 4) != 0 || length == 0 || length > 4096) break;
        unsigned char frame[4096];
        if (read_all(frame, length) != 0) break;
        if (frame[0] == 1) {
            uint32_t versions;
            memcpy(&versions, frame + 1, 4);
            frame[length - 1] = 0;
            uint16_t hService = 0;
            unsigned char srvc[1024], spi[1024];
            int32_t hr = WFSOpen((const char *)frame + 5, NULL, "xfs-host", 0, 0, versions, srvc, spi, &hService);
            unsigned char opened[6];
            memcpy(opened, &hr, 4);
            memcpy(opened + 4, &hService, 2);
            send_frame(1, opened, sizeof opened, NULL, 0);
        } else if (frame[0] == 2) {
            uint32_t tag, category, copy;
            uint16_t hService;
            memcpy(&tag, frame + 1, 4);
            memcpy(&hService, frame + 5, 2);
            memcpy(&category, frame + 7, 4);
            memcpy(&copy, frame + 11, 4);
            uint32_t request_id = 0;
            /* Held across the call: the completion may arrive before WFSAsyncGetInfo returns. */
            pthread_mutex_lock(&pending_lock);
            int32_t hr = WFSAsyncGetInfo(hService, category, NULL, 0, hwnd, &request_id);
            if (hr == 0) {
                for (int i = 0; i < MAX_PENDING; i++) {
                    if (!pending[i].used) {
                        pending[i].used = 1;
                        pending[i].request_id = request_id;
                        pending[i].tag = tag;
                        pending[i].copy_bytes = copy;
                        break;
                    }
                }
            }
            pthread_mutex_unlock(&pending_lock);
            if (hr != 0) send_complete(tag, hr, NULL, 0);
        } else {
            break;
        }
    }
    unlink(argv[2]);
    return 0;
}
