/*
 * German's cache-coherence protocol, data-free variant, for SPIN.
 * Transcribed from /work/shared/reference/german.md (chipcheck reference definition).
 *
 * Same construction as german.pml: one process, one d_step option per rule instance in one do
 * loop, start state picked by one d_step option per client h (curPtr = h) of an if before the
 * loop, invariant Control asserted at the end of every d_step.
 *
 * Parameters (cpp): N clients (1..6), BUG 0, 1 or 3 (as in german-nodata.m):
 *   spin -a -DN=4 -DBUG=0 german-nodata.pml
 *
 * Encoding: curPtr 0 is undefined, client i (0-based array index) is stored as i+1.
 * All globals start at 0 = Empty / I / false / undefined.
 */
#ifndef N
#define N 4
#endif
#ifndef BUG
#define BUG 0
#endif

#define UNDEF  0
/* cache states */
#define I      0
#define S      1
#define E      2
/* commands */
#define Empty  0
#define ReqS   1
#define ReqE   2
#define Inv    3
#define GntS   4
#define GntE   5
#define InvAck 6

byte cache[N];
byte chan1[N];
byte chan2[N];
byte chan3[N];
bool invSet[N];
bool shrSet[N];
bool exGntd;
byte curCmd;
byte curPtr;

/* loop counters used only inside d_steps and always reset to 0 before a d_step ends, so they
   are 0 in every stored state and add no states (not "hidden", so that pan -DBFS works) */
byte lp_j;
byte lp_k;

#if N == 1
#define NO_SHARERS (!shrSet[0])
#elif N == 2
#define NO_SHARERS (!shrSet[0] && !shrSet[1])
#elif N == 3
#define NO_SHARERS (!shrSet[0] && !shrSet[1] && !shrSet[2])
#elif N == 4
#define NO_SHARERS (!shrSet[0] && !shrSet[1] && !shrSet[2] && !shrSet[3])
#elif N == 5
#define NO_SHARERS (!shrSet[0] && !shrSet[1] && !shrSet[2] && !shrSet[3] && !shrSet[4])
#elif N == 6
#define NO_SHARERS (!shrSet[0] && !shrSet[1] && !shrSet[2] && !shrSet[3] && !shrSet[4] && !shrSet[5])
#endif

/* Control */
inline check() {
  lp_j = 0;
  do
  :: lp_j < N ->
     lp_k = 0;
     do
     :: lp_k < N ->
        assert(lp_j == lp_k
               || ((cache[lp_j] != E || cache[lp_k] == I)
                   && (cache[lp_j] != S || cache[lp_k] == I || cache[lp_k] == S)));
        lp_k++
     :: else -> break
     od;
     lp_j++
  :: else -> break
  od;
  lp_j = 0;
  lp_k = 0
}

inline copy_inv() {
  lp_j = 0;
  do
  :: lp_j < N -> invSet[lp_j] = shrSet[lp_j]; lp_j++
  :: else -> break
  od;
  lp_j = 0
}

#define CLIENT_RULES(i) \
  :: d_step { /* SendReqS */ \
       chan1[i] == Empty && cache[i] == I -> \
       chan1[i] = ReqS; check() } \
  :: d_step { /* SendReqE */ \
       chan1[i] == Empty && (cache[i] == I || cache[i] == S) -> \
       chan1[i] = ReqE; check() } \
  :: d_step { /* RecvReqS */ \
       curCmd == Empty && chan1[i] == ReqS -> \
       curCmd = ReqS; curPtr = i + 1; chan1[i] = Empty; copy_inv(); check() } \
  :: d_step { /* RecvReqE */ \
       curCmd == Empty && chan1[i] == ReqE -> \
       curCmd = ReqE; curPtr = i + 1; chan1[i] = Empty; copy_inv(); check() } \
  :: d_step { /* SendInv */ \
       chan2[i] == Empty && invSet[i] && (curCmd == ReqE || (curCmd == ReqS && exGntd)) -> \
       chan2[i] = Inv; invSet[i] = false; check() } \
  :: d_step { /* SendInvAck */ \
       chan2[i] == Inv && chan3[i] == Empty -> \
       chan2[i] = Empty; chan3[i] = InvAck; cache[i] = I; check() } \
  :: d_step { /* RecvInvAck */ \
       chan3[i] == InvAck && curCmd != Empty -> \
       chan3[i] = Empty; shrSet[i] = false; exGntd = false; check() } \
  :: d_step { /* SendGntS */ \
       curCmd == ReqS && curPtr == i + 1 && chan2[i] == Empty && (BUG == 3 || !exGntd) -> \
       chan2[i] = GntS; shrSet[i] = true; curCmd = Empty; curPtr = UNDEF; check() } \
  :: d_step { /* SendGntE */ \
       curCmd == ReqE && curPtr == i + 1 && chan2[i] == Empty && !exGntd \
       && (BUG == 1 || NO_SHARERS) -> \
       chan2[i] = GntE; shrSet[i] = true; exGntd = true; curCmd = Empty; curPtr = UNDEF; \
       check() } \
  :: d_step { /* RecvGntS */ \
       chan2[i] == GntS -> \
       cache[i] = S; chan2[i] = Empty; check() } \
  :: d_step { /* RecvGntE */ \
       chan2[i] == GntE -> \
       cache[i] = E; chan2[i] = Empty; check() }

/* start state for client h (everything else is already 0 = Empty / I / false) */
#define INIT(h) \
  :: d_step { curPtr = h + 1; check() }

active proctype german()
{
  if
  INIT(0)
#if N > 1
  INIT(1)
#endif
#if N > 2
  INIT(2)
#endif
#if N > 3
  INIT(3)
#endif
#if N > 4
  INIT(4)
#endif
#if N > 5
  INIT(5)
#endif
  fi;
  do
  CLIENT_RULES(0)
#if N > 1
  CLIENT_RULES(1)
#endif
#if N > 2
  CLIENT_RULES(2)
#endif
#if N > 3
  CLIENT_RULES(3)
#endif
#if N > 4
  CLIENT_RULES(4)
#endif
#if N > 5
  CLIENT_RULES(5)
#endif
  od
}
