/*
 * joy-meter: the first process of a metered actor container (see Joy.Executor/Meter/RunMeter.cs).
 *
 *   joy-meter [-c CPU_MS] [-w WALL_MS] -- COMMAND [ARG...]
 *
 * Runs COMMAND, waits for every process it leaves (as the container's PID 1 it reaps every orphan, and it
 * is a child subreaper elsewhere), and ends the whole tree when the tree's CPU time (user + system) reaches
 * CPU_MS or its wall time WALL_MS. When COMMAND's own process exits, what is left is killed, as Docker does
 * when a container's first process exits. Then it writes one line to its stderr, where the executor finds it
 * by the key it was given in JOY_METER_KEY (wiped before COMMAND starts, and this process is not dumpable,
 * so the program measured cannot read the key and forge the line):
 *
 *   joy-meter KEY {"cpuTimeMs":..,"userTimeMs":..,"systemTimeMs":..,"peakMemoryBytes":..,"wallTimeMs":..,
 *                  "timeout":null|"cpu"|"wall","oomKills":N|null,"memoryLimitHits":N|null,"exitCode":N}
 *
 * The figures are the kernel's rusage of the whole tree (getrusage(RUSAGE_CHILDREN) once all are reaped):
 * the same numbers /usr/bin/time reports for a single program. peakMemoryBytes is the largest resident set
 * of any one process of the tree (ru_maxrss). oomKills: the memory cgroup's OOM kills during the run
 * (cgroup v1 memory.oom_control or v2 memory.events), null when the cgroup is not visible; memoryLimitHits:
 * how often its usage hit the memory limit (v1 memory.failcnt, v2 memory.events "max"), which tells a run
 * stopped by a time limit while it was stalled reclaiming memory at its limit (a memory hog on a loaded machine).
 * It exits with COMMAND's exit code, or 128 + the signal that ended it (137 after a limit kill).
 *
 * Every run pays for this process's exec, start and exit, so it is built without a C library (build.sh
 * beside it: -nostdlib -static): its own _start, raw system calls, a few pages to map and fault in, where the
 * static glibc build cost some 2 ms more CPU per run on this project's VMs (bench/README.md, "meter"). It runs
 * in any image, shell or libc or not. x86_64 only, like the runner images.
 */
#include <asm/unistd.h>
#include <linux/auxvec.h>
#include <linux/errno.h>
#include <linux/fcntl.h>
#include <linux/prctl.h>
#include <linux/resource.h>
#include <linux/sched.h>
#include <linux/signal.h>
#include <linux/time.h>
#include <linux/types.h>
#include <linux/wait.h>

#if !defined(__x86_64__)
#error "joy-meter makes its system calls for x86_64 only"
#endif

/* ---- system calls: the kernel's ABI, results are -errno on failure ---- */

static long sys6(long n, long a, long b, long c, long d, long e, long f)
{
    register long r10 __asm__("r10") = d;
    register long r8 __asm__("r8") = e;
    register long r9 __asm__("r9") = f;
    long ret;
    __asm__ volatile("syscall" : "=a"(ret) : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9) : "rcx", "r11", "memory");
    return ret;
}

#define SYS(n, a, b, c) sys6(n, (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define SYS4(n, a, b, c, d) sys6(n, (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)

static __attribute__((noreturn)) void exit_group(int code)
{
    for (;;) SYS(__NR_exit_group, code, 0, 0);
}

/* GCC may emit calls to these even in a freestanding program, for copies and zeroing (none today). */
void *memset(void *target, int value, unsigned long length)
{
    void *start = target;
    __asm__ volatile("rep stosb" : "+D"(target), "+c"(length) : "a"(value) : "memory");
    return start;
}

void *memcpy(void *target, const void *source, unsigned long length)
{
    void *start = target;
    __asm__ volatile("rep movsb" : "+D"(target), "+S"(source), "+c"(length) : : "memory");
    return start;
}

/* ---- small strings ---- */

static unsigned long length_of(const char *text)
{
    unsigned long n = 0;
    while (text[n] != '\0') n++;
    return n;
}

static int same(const char *a, const char *b)
{
    while (*a != '\0' && *a == *b) a++, b++;
    return *a == *b;
}

/* atoll's reading: optional sign, leading digits, 0 when there are none. */
static long long parse_number(const char *text)
{
    int negative = *text == '-';
    if (*text == '-' || *text == '+') text++;
    long long value = 0;
    for (; *text >= '0' && *text <= '9'; text++) value = value * 10 + (*text - '0');
    return negative ? -value : value;
}

/* Appends text to a line being built; never past its end (the caller keeps room for what it needs). */
struct line { char *at, *end; };

static void put(struct line *line, const char *text)
{
    while (*text != '\0' && line->at < line->end) *line->at++ = *text++;
}

static void put_number(struct line *line, long long value)
{
    char digits[24], *p = digits + sizeof digits;
    unsigned long long magnitude = value < 0 ? 0ULL - (unsigned long long)value : (unsigned long long)value;
    *--p = '\0';
    do *--p = (char)('0' + magnitude % 10); while ((magnitude /= 10) != 0);
    if (value < 0) *--p = '-';
    put(line, p);
}

static void say(const char *text) { SYS(__NR_write, 2, text, length_of(text)); }

static const char *error_text(long error)
{
    switch (error)
    {
        case ENOENT: return "No such file or directory";
        case EACCES: return "Permission denied";
        case ENOEXEC: return "Exec format error";
        case ENOTDIR: return "Not a directory";
        case ELOOP: return "Too many levels of symbolic links";
        case ENAMETOOLONG: return "File name too long";
        case E2BIG: return "Argument list too long";
        case ENOMEM: return "Cannot allocate memory";
        case ETXTBSY: return "Text file busy";
        case EISDIR: return "Is a directory";
        default: return "cannot execute";
    }
}

/* ---- the clock, the cgroup counters, the tree's CPU ---- */

static long long now_us(void)
{
    struct timespec t;
    SYS(__NR_clock_gettime, CLOCK_MONOTONIC, &t, 0);
    return t.tv_sec * 1000000LL + t.tv_nsec / 1000;
}

static long long tv_us(struct __kernel_old_timeval t) { return t.tv_sec * 1000000LL + t.tv_usec; }

/*
 * A counter of the memory cgroup, from a file opened once at the start and read again (from offset 0) at the
 * end: v1 a file of its own (name NULL) or a line of one; v2 a line of memory.events. fd < 0: not visible.
 */
struct counter { int fd; const char *name; };

static struct counter open_counter(const char *v1_file, const char *v1_name, const char *v2_name)
{
    long fd = SYS(__NR_open, v1_file, O_RDONLY | O_CLOEXEC, 0);
    if (fd >= 0) return (struct counter){ (int)fd, v1_name };
    fd = SYS(__NR_open, "/sys/fs/cgroup/memory.events", O_RDONLY | O_CLOEXEC, 0);
    return (struct counter){ (int)fd, v2_name };
}

static long long read_counter(struct counter counter)
{
    if (counter.fd < 0) return -1;
    char text[1024];
    long n = SYS4(__NR_pread64, counter.fd, text, sizeof text - 1, 0);
    if (n <= 0) return -1;
    text[n] = '\0';
    if (counter.name == 0) return text[0] >= '0' && text[0] <= '9' ? parse_number(text) : -1;
    /* Lines of "name value". */
    unsigned long name_length = length_of(counter.name);
    for (char *line = text; *line != '\0';)
    {
        char *end = line;
        while (*end != '\0' && *end != '\n') end++;
        int matches = (unsigned long)(end - line) > name_length && line[name_length] == ' ';
        for (unsigned long i = 0; matches && i < name_length; i++) matches = line[i] == counter.name[i];
        if (matches) return parse_number(line + name_length + 1);
        line = *end == '\n' ? end + 1 : end;
    }
    return -1;
}

static int child;
static int self;
static long ticks_per_second = 100;

/* CPU so far of the processes still alive in the tree, from /proc/PID/stat (clock-tick granularity). */
static long long live_cpu_us(int group)
{
    long dir = SYS(__NR_open, "/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
    if (dir < 0) return 0;
    long long total = 0;
    char entries[4096];
    long n;
    while ((n = SYS(__NR_getdents64, dir, entries, sizeof entries)) > 0)
    {
        for (long at = 0; at < n;)
        {
            /* struct linux_dirent64: ino (8), off (8), reclen (2), type (1), name */
            unsigned short size = *(unsigned short *)(entries + at + 16);
            const char *name = entries + at + 19;
            at += size;
            long pid = 0;
            const char *c = name;
            for (; *c >= '0' && *c <= '9'; c++) pid = pid * 10 + (*c - '0');
            if (*c != '\0' || c == name || pid <= 0 || pid == self) continue;

            char path[32] = "/proc/", buffer[1024];
            struct line p = { path + 6, path + sizeof path - 1 };
            put_number(&p, pid);
            put(&p, "/stat");
            *p.at = '\0';
            long fd = SYS(__NR_open, path, O_RDONLY | O_CLOEXEC, 0);
            if (fd < 0) continue;
            long got = SYS(__NR_read, fd, buffer, sizeof buffer - 1);
            SYS(__NR_close, fd, 0, 0);
            if (got <= 0) continue;
            buffer[got] = '\0';

            /* After the last ')': state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime */
            char *after = 0;
            for (char *b = buffer; *b != '\0'; b++) if (*b == ')') after = b;
            if (after == 0) continue;
            long long fields[13];
            int count = 0;
            for (char *b = after + 1; *b != '\0' && count < 13;)
            {
                while (*b == ' ') b++;
                if (*b == '\0') break;
                fields[count++] = parse_number(b);
                while (*b != ' ' && *b != '\0') b++;
            }
            if (count == 13 && (self == 1 || fields[2] == group))
                total += (fields[11] + fields[12]) * 1000000LL / ticks_per_second;
        }
    }
    SYS(__NR_close, dir, 0, 0);
    return total;
}

/* Everything but this process: the whole namespace as PID 1, else COMMAND's process group. */
static void kill_tree(void)
{
    if (self == 1) SYS(__NR_kill, -1, SIGKILL, 0);
    else SYS(__NR_kill, -child, SIGKILL, 0);
}

/* ---- starting COMMAND ---- */

/*
 * clone with CLONE_VM | CLONE_VFORK, as posix_spawn does: no copy of this process, and this one resumes once
 * the child has exec'd (or given up). The child runs start_command on a stack of its own, in this memory.
 */
static struct
{
    char **argv, **envp;
    const char *path_variable;
    unsigned long mask;
    long error;
    char path[4096];
} start;

static char child_stack[16384] __attribute__((aligned(16)));

/* posix_spawnp's search: a name with a '/' as it is, else each directory of PATH (or /bin:/usr/bin). */
static void start_command(void)
{
    SYS(__NR_setpgid, 0, 0, 0);
    SYS4(__NR_rt_sigprocmask, SIG_SETMASK, &start.mask, 0, sizeof start.mask);
    const char *file = start.argv[0];
    long error = -ENOENT;
    int saw_eacces = 0;
    int has_slash = 0;
    for (const char *c = file; *c != '\0'; c++) has_slash |= *c == '/';
    if (has_slash || *file == '\0')
    {
        error = *file == '\0' ? -ENOENT : SYS(__NR_execve, file, start.argv, start.envp);
    }
    else
    {
        unsigned long file_length = length_of(file);
        for (const char *dir = start.path_variable;;)
        {
            const char *end = dir;
            while (*end != '\0' && *end != ':') end++;
            unsigned long dir_length = (unsigned long)(end - dir);
            if (dir_length + 1 + file_length < sizeof start.path)
            {
                char *p = start.path;
                for (const char *d = dir; d < end; d++) *p++ = *d;
                if (dir_length > 0) *p++ = '/';
                for (const char *f = file; *f != '\0'; f++) *p++ = *f;
                *p = '\0';
                error = SYS(__NR_execve, start.path, start.argv, start.envp);
                if (error == -EACCES) saw_eacces = 1;
                else if (error != -ENOENT && error != -ENOTDIR && error != -ESTALE && error != -ENODEV && error != -ETIMEDOUT) break;
            }
            if (*end == '\0') break;
            dir = end + 1;
        }
        if (saw_eacces && (error == -ENOENT || error == -ENOTDIR || error == -ESTALE || error == -ENODEV || error == -ETIMEDOUT))
            error = -EACCES;
    }
    start.error = -error;
    for (;;) SYS(__NR_exit, 127, 0, 0);
}

static long spawn(void)
{
    register long r10 __asm__("r10") = 0;
    register long r8 __asm__("r8") = 0;
    register void (*entry)(void) __asm__("r12") = start_command;
    long ret;
    __asm__ volatile(
        "syscall\n\t"
        "test %%rax, %%rax\n\t"
        "jnz 1f\n\t"
        "xor %%ebp, %%ebp\n\t" /* the child, on child_stack: start_command never returns */
        "call *%%r12\n\t"
        "hlt\n"
        "1:"
        : "=a"(ret)
        : "a"(__NR_clone), "D"(CLONE_VM | CLONE_VFORK | SIGCHLD), "S"(child_stack + sizeof child_stack), "d"(0), "r"(r10), "r"(r8), "r"(entry)
        : "rcx", "r11", "memory");
    return ret;
}

/* ---- main ---- */

static const int forwarded[] = { SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2 };

static unsigned long bit(int signal) { return 1UL << (signal - 1); }

static int run(int argc, char **argv, char **envp, unsigned long *auxv)
{
    long long cpu_limit_ms = 0, wall_limit_ms = 0;
    int first = 1;
    for (; first < argc && !same(argv[first], "--"); first++)
    {
        if (same(argv[first], "-c") && first + 1 < argc) cpu_limit_ms = parse_number(argv[++first]);
        else if (same(argv[first], "-w") && first + 1 < argc) wall_limit_ms = parse_number(argv[++first]);
        else break;
    }
    if (first >= argc || !same(argv[first], "--") || first + 1 >= argc)
    {
        say("usage: joy-meter [-c CPU_MS] [-w WALL_MS] -- COMMAND [ARG...]\n");
        return 125;
    }
    first++;

    /* The key is copied, wiped where it was (/proc/1/environ shows the original block) and left out of COMMAND's environment. */
    char key[129] = "";
    const char *path_variable = "/bin:/usr/bin";
    char **kept = envp;
    for (char **variable = envp; *variable != 0; variable++)
    {
        char *v = *variable;
        if (v[0] == 'P' && v[1] == 'A' && v[2] == 'T' && v[3] == 'H' && v[4] == '=') path_variable = v + 5;
        static const char name[] = "JOY_METER_KEY=";
        unsigned long i = 0;
        while (i < sizeof name - 1 && v[i] == name[i]) i++;
        if (i < sizeof name - 1)
        {
            *kept++ = v;
            continue;
        }
        char *value = v + i;
        if (key[0] == '\0')
        {
            unsigned long n = 0;
            for (; n < sizeof key - 1 && value[n] != '\0'; n++) key[n] = value[n];
            key[n] = '\0';
        }
        for (; *value != '\0'; value++) *value = '\0';
    }
    *kept = 0;

    for (; auxv[0] != AT_NULL; auxv += 2)
        if (auxv[0] == AT_CLKTCK && auxv[1] > 0) ticks_per_second = (long)auxv[1];
    self = (int)SYS(__NR_getpid, 0, 0, 0);
    SYS(__NR_prctl, PR_SET_DUMPABLE, 0, 0);
    SYS(__NR_prctl, PR_SET_CHILD_SUBREAPER, 1, 0);

    /*
     * SIGCHLD and the signals passed on to COMMAND stay blocked and are taken by sigtimedwait below: no handlers.
     * Blocked, they also reach PID 1, which the kernel spares signals it has neither a handler for nor blocks.
     */
    unsigned long waited = bit(SIGCHLD), old = 0;
    for (unsigned long i = 0; i < sizeof forwarded / sizeof forwarded[0]; i++) waited |= bit(forwarded[i]);
    SYS4(__NR_rt_sigprocmask, SIG_BLOCK, &waited, &old, sizeof waited);

    struct counter oom = open_counter("/sys/fs/cgroup/memory/memory.oom_control", "oom_kill", "oom_kill");
    struct counter hits = open_counter("/sys/fs/cgroup/memory/memory.failcnt", 0, "max");
    long long oom_before = read_counter(oom), hits_before = read_counter(hits);
    long long start_us = now_us();
    start.argv = &argv[first];
    start.envp = envp;
    start.path_variable = path_variable;
    start.mask = old;
    long spawned = spawn();
    if (spawned < 0) start.error = -spawned;
    else if (start.error != 0) SYS4(__NR_wait4, spawned, 0, 0, 0); /* it exec'd nothing: its exit is not COMMAND's */
    if (start.error != 0)
    {
        say("joy-meter: cannot run ");
        say(argv[first]);
        say(": ");
        say(error_text(start.error));
        say("\n");
        child = 0;
    }
    else child = (int)spawned;

    int status = start.error == 0 ? 0 : (start.error == ENOENT ? 127 : 126) << 8, main_done = start.error != 0, killing = 0;
    const char *timeout = 0;
    long long end_us = start_us;
    long cpus = 0;
    for (;;)
    {
        int gone = 0;
        for (;;)
        {
            int st;
            long pid = SYS4(__NR_wait4, -1, &st, WNOHANG, 0);
            if (pid > 0)
            {
                if (pid == child) { status = st; main_done = 1; }
                continue;
            }
            if (pid == -EINTR) continue;
            gone = pid < 0; /* ECHILD: nothing left */
            break;
        }
        long long now = now_us();
        if (gone) { end_us = now; break; }
        long long used = 0;
        if (main_done || killing)
        {
            /* Repeated while anything lives: a process forking at the moment of the kill can escape one. */
            killing = 1;
            kill_tree();
        }
        else
        {
            if (cpu_limit_ms > 0)
            {
                struct rusage reaped;
                SYS(__NR_getrusage, RUSAGE_CHILDREN, &reaped, 0);
                used = tv_us(reaped.ru_utime) + tv_us(reaped.ru_stime) + live_cpu_us(child);
            }
            if (cpu_limit_ms > 0 && used >= cpu_limit_ms * 1000) timeout = "cpu";
            else if (wall_limit_ms > 0 && now - start_us >= wall_limit_ms * 1000) timeout = "wall";
            if (timeout != 0)
            {
                killing = 1;
                kill_tree();
                continue;
            }
        }

        /* Look again when a limit could be reached at the soonest (the tree uses at most every CPU it may run on), or on a signal. */
        long long wait_us = killing ? 10000 : 100000;
        if (!killing && cpu_limit_ms > 0)
        {
            if (cpus == 0)
            {
                unsigned long set[16] = { 0 };
                long size = SYS(__NR_sched_getaffinity, 0, sizeof set, set);
                for (long i = 0; i < size * 8; i++) cpus += (set[i / 64] >> (i % 64)) & 1;
                if (cpus < 1) cpus = 1;
            }
            long long left = (cpu_limit_ms * 1000 - used) / cpus;
            if (left < wait_us) wait_us = left;
        }
        if (!killing && wall_limit_ms > 0 && wall_limit_ms * 1000 - (now - start_us) < wait_us) wait_us = wall_limit_ms * 1000 - (now - start_us);
        if (wait_us < 2000) wait_us = 2000;
        struct timespec pause = { wait_us / 1000000, (wait_us % 1000000) * 1000 };
        long signal = SYS4(__NR_rt_sigtimedwait, &waited, 0, &pause, sizeof waited);
        if (signal > 0 && signal != SIGCHLD && child > 0) SYS(__NR_kill, child, signal, 0);
    }

    struct rusage usage;
    SYS(__NR_getrusage, RUSAGE_CHILDREN, &usage, 0);
    long long oom_after = read_counter(oom), hits_after = read_counter(hits);
    /* wait(2)'s status: low 7 bits the signal that ended it (0: it exited), the next 8 its exit code. */
    int signal = status & 0x7f, exit_code = signal == 0 ? (status >> 8) & 0xff : signal != 0x7f ? 128 + signal : 125;
    long long user = tv_us(usage.ru_utime), system = tv_us(usage.ru_stime);

    char text[512]; /* RunMeter.MaxLineBytes: the executor reads the log with this much room for the line */
    struct line line = { text, text + sizeof text - 1 };
    put(&line, "joy-meter ");
    put(&line, key);
    put(&line, " {\"cpuTimeMs\":");
    put_number(&line, (user + system + 500) / 1000);
    put(&line, ",\"userTimeMs\":");
    put_number(&line, (user + 500) / 1000);
    put(&line, ",\"systemTimeMs\":");
    put_number(&line, (system + 500) / 1000);
    put(&line, ",\"peakMemoryBytes\":");
    put_number(&line, (long long)usage.ru_maxrss * 1024);
    put(&line, ",\"wallTimeMs\":");
    put_number(&line, (end_us - start_us + 500) / 1000);
    put(&line, ",\"timeout\":");
    put(&line, timeout == 0 ? "null" : timeout[0] == 'c' ? "\"cpu\"" : "\"wall\"");
    put(&line, ",\"oomKills\":");
    if (oom_before >= 0 && oom_after >= 0) put_number(&line, oom_after - oom_before);
    else put(&line, "null");
    put(&line, ",\"memoryLimitHits\":");
    if (hits_before >= 0 && hits_after >= 0) put_number(&line, hits_after - hits_before);
    else put(&line, "null");
    put(&line, ",\"exitCode\":");
    put_number(&line, exit_code);
    put(&line, "}");
    *line.at++ = '\n';
    SYS(__NR_write, 2, text, line.at - text); /* nowhere to report: the exit code still tells */
    return exit_code;
}

/* The kernel's entry: the stack holds argc, argv, NULL, envp, NULL, auxv. */
__attribute__((used, noreturn)) void joy_meter_begin(long *stack)
{
    int argc = (int)stack[0];
    char **argv = (char **)(stack + 1);
    char **envp = argv + argc + 1;
    char **end = envp;
    while (*end != 0) end++;
    exit_group(run(argc, argv, envp, (unsigned long *)(end + 1)));
}

__asm__(
    ".text\n"
    ".global _start\n"
    "_start:\n"
    "    xor %ebp, %ebp\n"
    "    mov %rsp, %rdi\n"
    "    and $-16, %rsp\n"
    "    call joy_meter_begin\n"
    "    hlt\n");
