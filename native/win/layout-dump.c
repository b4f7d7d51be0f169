/* Windows lane: loads the cross-built simulator DLL the way the gateway loads msxfs.dll and
 * user32.dll (LoadLibrary + GetProcAddress of undecorated names), fails naming any entry point
 * that is missing, and prints the simulator's own sizeof/offsetof table (SimLayouts) as laid out
 * by this compiler (i686 or x86_64), for comparison with the TypeScript layouts. */
#include <windows.h>
#include <stdio.h>

static const char *const entry_points[] = {
  "WFSStartUp", "WFSCleanUp", "WFSCreateAppHandle", "WFSDestroyAppHandle", "WFSAsyncOpen", "WFSOpen",
  "WFSClose", "WFSAsyncClose", "WFSRegister", "WFSAsyncRegister", "WFSDeregister", "WFSAsyncDeregister",
  "WFSAsyncExecute", "WFSExecute", "WFSAsyncGetInfo", "WFSGetInfo", "WFSCancelAsyncRequest",
  "WFSFreeResult", "WFSLock", "WFSAsyncLock", "WFSUnlock", "WFSAsyncUnlock",
  "RegisterClassExA", "DefWindowProcA", "CreateWindowExA", "DestroyWindow", "GetMessageA",
  "PeekMessageA", "PostMessageA", "PostThreadMessageA", "PostQuitMessage", "SimLayouts", NULL,
};

int main(int argc, char **argv) {
  if (argc < 2) { fprintf(stderr, "usage: layout-dump <xfssim.dll>\n"); return 2; }
  HMODULE lib = LoadLibraryA(argv[1]);
  if (!lib) { fprintf(stderr, "LoadLibrary(%s) failed: error %lu\n", argv[1], (unsigned long)GetLastError()); return 1; }
  int missing = 0;
  for (int i = 0; entry_points[i]; i++) {
    if (!GetProcAddress(lib, entry_points[i])) { fprintf(stderr, "missing export: %s\n", entry_points[i]); missing++; }
  }
  if (missing) return 1;
  typedef const char *(*layouts_fn)(void);
  layouts_fn layouts = (layouts_fn)(void (*)(void))GetProcAddress(lib, "SimLayouts");
  printf("P %u\n%s", (unsigned)sizeof(void *), layouts());
  return 0;
}
