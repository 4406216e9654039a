/* The count of store calls that could not reach the database
 * (store.h's pm_store_unavailable_count), kept apart from store.c so that
 * the backends, which store.c calls, can count without calling back up
 * into it (store_backend.h's pm_store_note_unavailable). */
#include "store/store.h"
#include "store/store_backend.h"

/* Per thread: a server's request threads and the CLI's one thread each
 * ask about their own calls only. */
static _Thread_local unsigned long unavailable, ended;

void pm_store_note_unavailable(void)
{
    unavailable++;
}

void pm_store_note_ended(void)
{
    ended++;
    unavailable++;
}

unsigned long pm_store_unavailable_count(void)
{
    return unavailable;
}

unsigned long pm_store_ended_count(void)
{
    return ended;
}
