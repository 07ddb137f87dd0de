#ifndef MUSTER_CREADLINE_SHIM_H
#define MUSTER_CREADLINE_SHIM_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <signal.h>
#include <unistd.h>
#include <sys/select.h>
#include <sys/ioctl.h>
#include <readline/readline.h>
#include <readline/history.h>

#include <fcntl.h>

/*
 * Ctrl-C must abandon the line being edited, not the program, and no Ctrl-C may be lost.
 * Readline's alternate (callback) interface lets our loop do the waiting. The SIGINT
 * handler only sets a flag and writes a byte to a self-pipe, so a wait that starts after
 * the signal still wakes at once. Keys are read through our own non-blocking descriptor
 * on the terminal: Ctrl-C also empties the terminal's input queue, and a blocking read of
 * a key that was flushed away would wait for ever. Line state is reset in the loop,
 * outside the handler, where that is safe. The Swift side never touches readline's globals.
 */

static volatile sig_atomic_t muster_sigint_seen = 0;
/* SIGTERM or SIGHUP: leave at the next prompt (or question), never in the middle of a
 * command, with the terminal given back as it was found. */
static volatile sig_atomic_t muster_quit_signal = 0;
static int muster_wake[2] = {-1, -1};
static int muster_tty = -1;
static char *muster_line = NULL;
static int muster_line_done = 0;

static void muster_on_sigint(int signo) {
    (void)signo;
    int saved = errno;
    muster_sigint_seen = 1;
    if (muster_wake[1] >= 0) {
        char byte = 1;
        ssize_t ignored = write(muster_wake[1], &byte, 1);
        (void)ignored;
    }
    errno = saved;
}

static void muster_on_quit(int signo) {
    int saved = errno;
    muster_quit_signal = signo;
    if (muster_wake[1] >= 0) {
        char byte = 1;
        ssize_t ignored = write(muster_wake[1], &byte, 1);
        (void)ignored;
    }
    errno = saved;
}

/* The SIGTERM or SIGHUP that asked Muster to leave, or 0. */
static inline int muster_quit_requested(void) { return muster_quit_signal; }

static void muster_drain_wake(void) {
    char buffer[64];
    while (muster_wake[0] >= 0 && read(muster_wake[0], buffer, sizeof buffer) > 0) {}
}

/* Waits for a key or Ctrl-C: 1 when a key can be read, 0 on Ctrl-C, -1 on an error or
 * when SIGTERM or SIGHUP asks Muster to leave. */
static int muster_wait_for_key(void) {
    for (;;) {
        if (muster_quit_signal) return -1;
        if (muster_sigint_seen) return 0;
        fd_set ready;
        FD_ZERO(&ready);
        FD_SET(muster_tty, &ready);
        FD_SET(muster_wake[0], &ready);
        int highest = muster_tty > muster_wake[0] ? muster_tty : muster_wake[0];
        int result = select(highest + 1, &ready, NULL, NULL, NULL);
        if (result < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        if (FD_ISSET(muster_wake[0], &ready)) muster_drain_wake();
        else if (FD_ISSET(muster_tty, &ready)) return 1;
    }
}

/* Readline's key reader. On Ctrl-C it hands readline a NUL (bound to set-mark, which
 * changes nothing visible); the read loop then sees the flag and abandons the line. */
static int muster_getc(FILE *stream) {
    (void)stream;
    for (;;) {
        int waited = muster_wait_for_key();
        if (waited == 0) return 0;
        if (waited < 0) return EOF;
        unsigned char key;
        ssize_t count = read(muster_tty, &key, 1);
        if (count == 1) return key;
        if (count == 0) return EOF;
        if (errno != EAGAIN && errno != EINTR) return EOF;
    }
}

/* Prepares the terminal reader: the SIGINT handler (without SA_RESTART), the self-pipe,
 * a non-blocking descriptor of our own on the terminal, and readline's key reader. */
static inline int muster_prepare_terminal(void) {
    if (muster_wake[0] < 0 && pipe(muster_wake) == 0) {
        for (int i = 0; i < 2; i++) {
            fcntl(muster_wake[i], F_SETFL, fcntl(muster_wake[i], F_GETFL) | O_NONBLOCK);
            fcntl(muster_wake[i], F_SETFD, FD_CLOEXEC);
        }
    }
    if (muster_tty < 0) {
        const char *name = ttyname(STDIN_FILENO);
        if (name) muster_tty = open(name, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        if (muster_tty < 0) muster_tty = STDIN_FILENO;
    }
    rl_getc_function = muster_getc;
    rl_catch_signals = 0;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = muster_on_sigint;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    struct sigaction quit = action;
    quit.sa_handler = muster_on_quit;
    sigaction(SIGTERM, &quit, NULL);
    sigaction(SIGHUP, &quit, NULL);
    return sigaction(SIGINT, &action, NULL);
}

static void muster_line_handler(char *line) {
    muster_line = line;
    muster_line_done = 1;
    rl_callback_handler_remove();
}

static void muster_abandon_line(void) {
    FILE *out = rl_outstream ? rl_outstream : stdout;
    muster_sigint_seen = 0;
    muster_drain_wake();
    rl_free_line_state();
    rl_callback_sigcleanup();
    rl_callback_handler_remove();
    rl_cleanup_after_signal();
    fputs("^C\n", out);
    fflush(out);
}

/* Reads one line with editing. Returns 0 with *line set (caller frees), 1 at end of
 * input (Ctrl-D on an empty line), 2 when Ctrl-C abandoned the line. A Ctrl-C pressed
 * while a command ran belongs to that command, not to the next line. */
static inline int muster_read_line(const char *prompt, char **line) {
    *line = NULL;
    if (muster_quit_signal) return 1;
    muster_line = NULL;
    muster_line_done = 0;
    muster_sigint_seen = 0;
    muster_drain_wake();
    rl_callback_handler_install(prompt, muster_line_handler);
    while (!muster_line_done) {
        int waited = muster_wait_for_key();
        if (waited == 0) {
            muster_abandon_line();
            return 2;
        }
        if (waited < 0) {
            /* Gives the terminal back its own settings (echo, line editing). */
            rl_callback_handler_remove();
            if (muster_quit_signal) {
                fputs("\n", rl_outstream ? rl_outstream : stdout);
                fflush(rl_outstream ? rl_outstream : stdout);
            }
            return 1;
        }
        rl_callback_read_char();
        if (muster_sigint_seen && !muster_line_done) {
            muster_abandon_line();
            return 2;
        }
    }
    if (muster_line == NULL) {
        fputs("\n", rl_outstream ? rl_outstream : stdout);
        return 1;
    }
    *line = muster_line;
    return 0;
}

/* The terminal's width in columns, or 0 when standard output is not a terminal. */
static inline int muster_terminal_columns(void) {
    struct winsize size;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
    return 0;
}

/* Completion: Swift provides the candidates for the word being completed; readline asks
 * for them one by one through this generator. */
static char **muster_candidates = NULL;
static int muster_candidate_count = 0;
static int muster_candidate_next = 0;

static inline void muster_set_candidates(const char **candidates, int count) {
    for (int i = 0; i < muster_candidate_count; i++) free(muster_candidates[i]);
    free(muster_candidates);
    muster_candidates = count > 0 ? malloc(sizeof(char *) * (size_t)count) : NULL;
    for (int i = 0; i < count; i++) muster_candidates[i] = strdup(candidates[i]);
    muster_candidate_count = count;
    muster_candidate_next = 0;
}

static char *muster_candidate_generator(const char *text, int state) {
    (void)text;
    if (state == 0) muster_candidate_next = 0;
    if (muster_candidate_next < muster_candidate_count) return strdup(muster_candidates[muster_candidate_next++]);
    return NULL;
}

typedef void (*muster_completer_t)(const char *line, int start, int end);
static muster_completer_t muster_completer = NULL;

static char **muster_attempt_completion(const char *text, int start, int end) {
    rl_attempted_completion_over = 1; /* never fall back to file names */
    if (muster_completer == NULL) return NULL;
    muster_completer(rl_line_buffer, start, end);
    if (muster_candidate_count == 0) return NULL;
    return rl_completion_matches(text, muster_candidate_generator);
}

static inline void muster_install_completer(muster_completer_t completer) {
    muster_completer = completer;
    rl_attempted_completion_function = muster_attempt_completion;
    rl_completer_quote_characters = "\"'";
    rl_basic_word_break_characters = " \t\n=";
}

/* A password: read through readline so Ctrl-C behaves as at the prompt, but nothing typed
 * is drawn (the redisplay draws the prompt once, after readline has turned the terminal's
 * own echo off, so even keys typed ahead are never shown), Tab completes nothing, and the
 * line never reaches history. */
static int muster_secret_prompt_drawn = 0;
static void muster_draw_prompt_only(void) {
    if (muster_secret_prompt_drawn) return;
    FILE *out = rl_outstream ? rl_outstream : stdout;
    fputs(rl_display_prompt ? rl_display_prompt : "", out);
    fflush(out);
    muster_secret_prompt_drawn = 1;
}
static char **muster_complete_nothing(const char *text, int start, int end) {
    (void)text; (void)start; (void)end;
    rl_attempted_completion_over = 1;
    return NULL;
}

static inline int muster_read_secret(const char *prompt, char **line) {
    rl_voidfunc_t *redisplay = rl_redisplay_function;
    rl_completion_func_t *completion = rl_attempted_completion_function;
    muster_secret_prompt_drawn = 0;
    rl_redisplay_function = muster_draw_prompt_only;
    rl_attempted_completion_function = muster_complete_nothing;
    int status = muster_read_line(prompt, line);
    rl_redisplay_function = redisplay;
    rl_attempted_completion_function = completion;
    if (status != 1) {
        FILE *out = rl_outstream ? rl_outstream : stdout;
        fputs("\n", out);
        fflush(out);
    }
    return status;
}

/* Names this program to readline (for ~/.inputrc conditionals) and starts history. */
static inline void muster_history_start(const char *path, int limit) {
    rl_readline_name = "muster";
    using_history();
    stifle_history(limit);
    read_history(path);
}

/* Adds a line unless it repeats the previous one, and saves the (bounded) history. */
static inline void muster_history_remember(const char *line, const char *path) {
    if (history_length > 0) {
        HIST_ENTRY *last = history_get(history_base + history_length - 1);
        if (last && last->line && strcmp(last->line, line) == 0) return;
    }
    add_history(line);
    write_history(path);
}

#endif
