/*
 * German's cache-coherence protocol, data variant, for SPIN.
 * Transcribed from /work/shared/reference/german.md (chipcheck reference definition).
 *
 * One process; every rule instance is one d_step option of one do loop, so one rule firing is
 * one SPIN transition and the process counter stays at the loop head between firings.
 * Before the loop, one if with one d_step option per initial state picks the start state;
 * the state before that choice is the only extra state SPIN stores (see reference-counts.md).
 * Invariants are asserted at the end of every d_step (start-state choices included), i.e. in
 * every reachable state.
 *
 * Parameters (cpp): N clients (1..6), D data values (1..4), BUG 0..3 (as in german.m):
 *   spin -a -DN=3 -DD=2 -DBUG=0 german.pml
 *
 * Encoding: 0 is the undefined value of every data field and of curPtr; data values are
 * 1..D; client i (0-based array index) is stored in curPtr as i+1.  All globals start at 0,
 * i.e. Empty / I / false / undefined, which is exactly the common part of the start states.
 * chan1's data field is never written by any rule, so it is constantly undefined and omitted.
 */
#ifndef N
#define N 3
#endif
#ifndef D
#define D 2
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

byte cache_st[N];
byte cache_data[N];
byte chan1_cmd[N];
byte chan2_cmd[N];
byte chan2_data[N];
byte chan3_cmd[N];
byte chan3_data[N];
bool invSet[N];
bool shrSet[N];
bool exGntd;
byte curCmd;
byte curPtr;
byte memData;
byte auxData;

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

/* Control and Data */
inline check() {
  lp_j = 0;
  do
  :: lp_j < N ->
     lp_k = 0;
     do
     :: lp_k < N ->
        assert(lp_j == lp_k
               || ((cache_st[lp_j] != E || cache_st[lp_k] == I)
                   && (cache_st[lp_j] != S || cache_st[lp_k] == I || cache_st[lp_k] == S)));
        lp_k++
     :: else -> break
     od;
     assert(cache_st[lp_j] == I || cache_data[lp_j] == auxData);
     lp_j++
  :: else -> break
  od;
  assert(exGntd || memData == auxData);
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

#define STORE(i, d) \
  :: d_step { cache_st[i] == E -> cache_data[i] = d; auxData = d; check() }

#if D == 1
#define STORES(i) STORE(i, 1)
#elif D == 2
#define STORES(i) STORE(i, 1) STORE(i, 2)
#elif D == 3
#define STORES(i) STORE(i, 1) STORE(i, 2) STORE(i, 3)
#elif D == 4
#define STORES(i) STORE(i, 1) STORE(i, 2) STORE(i, 3) STORE(i, 4)
#endif

#define CLIENT_RULES(i) \
  STORES(i) \
  :: d_step { /* SendReqS */ \
       chan1_cmd[i] == Empty && cache_st[i] == I -> \
       chan1_cmd[i] = ReqS; check() } \
  :: d_step { /* SendReqE */ \
       chan1_cmd[i] == Empty && (cache_st[i] == I || cache_st[i] == S) -> \
       chan1_cmd[i] = ReqE; check() } \
  :: d_step { /* RecvReqS */ \
       curCmd == Empty && chan1_cmd[i] == ReqS -> \
       curCmd = ReqS; curPtr = i + 1; chan1_cmd[i] = Empty; copy_inv(); check() } \
  :: d_step { /* RecvReqE */ \
       curCmd == Empty && chan1_cmd[i] == ReqE -> \
       curCmd = ReqE; curPtr = i + 1; chan1_cmd[i] = Empty; copy_inv(); check() } \
  :: d_step { /* SendInv */ \
       chan2_cmd[i] == Empty && invSet[i] && (curCmd == ReqE || (curCmd == ReqS && exGntd)) -> \
       chan2_cmd[i] = Inv; invSet[i] = false; check() } \
  :: d_step { /* SendInvAck */ \
       chan2_cmd[i] == Inv && chan3_cmd[i] == Empty -> \
       chan2_cmd[i] = Empty; chan3_cmd[i] = InvAck; \
       if \
       :: BUG != 2 && cache_st[i] == E -> chan3_data[i] = cache_data[i] \
       :: else -> skip \
       fi; \
       cache_st[i] = I; check() } \
  :: d_step { /* RecvInvAck */ \
       chan3_cmd[i] == InvAck && curCmd != Empty -> \
       chan3_cmd[i] = Empty; shrSet[i] = false; \
       if \
       :: exGntd -> exGntd = false; memData = chan3_data[i] \
       :: else -> skip \
       fi; \
       check() } \
  :: d_step { /* SendGntS */ \
       curCmd == ReqS && curPtr == i + 1 && chan2_cmd[i] == Empty && (BUG == 3 || !exGntd) -> \
       chan2_cmd[i] = GntS; chan2_data[i] = memData; shrSet[i] = true; curCmd = Empty; check() } \
  :: d_step { /* SendGntE */ \
       curCmd == ReqE && curPtr == i + 1 && chan2_cmd[i] == Empty && !exGntd \
       && (BUG == 1 || NO_SHARERS) -> \
       chan2_cmd[i] = GntE; chan2_data[i] = memData; shrSet[i] = true; exGntd = true; \
       curCmd = Empty; check() } \
  :: d_step { /* RecvGntS */ \
       chan2_cmd[i] == GntS -> \
       cache_st[i] = S; cache_data[i] = chan2_data[i]; chan2_cmd[i] = Empty; check() } \
  :: d_step { /* RecvGntE */ \
       chan2_cmd[i] == GntE -> \
       cache_st[i] = E; cache_data[i] = chan2_data[i]; chan2_cmd[i] = Empty; check() }

/* start state for data value d (everything else is already 0 = Empty / I / false / undefined) */
#define INIT(d) \
  :: d_step { memData = d; auxData = d; check() }

active proctype german()
{
  if
  INIT(1)
#if D > 1
  INIT(2)
#endif
#if D > 2
  INIT(3)
#endif
#if D > 3
  INIT(4)
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
