/*
 * credit-link benchmark, variant shared, for SPIN.
 * Transcribed from /work/shared/reference/credit-link.md (chipcheck reference definition).
 *
 * One process; every rule instance is one d_step option of one do loop (one firing = one SPIN
 * transition).  The single initial state is given by the variable initialisers, so there is
 * no start-state step: SPIN's stored-state count equals the number of reachable states.
 * CreditConservation is asserted at the end of every d_step (it holds trivially initially).
 * A deadlock shows up as an "invalid end state" (process blocked at the loop head);
 * run pan with -E to count the whole state space without stopping there.
 *
 * Parameters (cpp): spin -a -DK=2 -DM=2 credit-link-shared.pml   (K >= 1)
 */
#ifndef K
#define K 2
#endif
#ifndef M
#define M 2
#endif

#define None 0
#define Req  1
#define Rsp  2

typedef Fifo { byte slot[K] };   /* head at slot 0, unused slots hold None */

Fifo q[2];
byte qlen[2];
byte cred[2] = K;
byte ret[2];
byte outs[2];

/* loop counter used only inside d_steps and always reset to 0 before a d_step ends, so it is
   0 in every stored state and adds no states (not "hidden", so that pan -DBFS works) */
byte lp_s;

inline push(b, m) {
  q[b].slot[qlen[b]] = m;
  qlen[b]++
}

inline pop(b) {
  lp_s = 0;
  do
  :: lp_s < K - 1 -> q[b].slot[lp_s] = q[b].slot[lp_s + 1]; lp_s++
  :: else -> break
  od;
  q[b].slot[K - 1] = None;
  qlen[b]--;
  lp_s = 0
}

inline check() {
  assert(cred[0] + qlen[1] + ret[1] == K && cred[1] + qlen[0] + ret[0] == K)
}

#define AGENT_RULES(a) \
  :: d_step { /* IssueReq */ \
       outs[a] < M && cred[a] > 0 -> \
       cred[a]--; outs[a]++; push(1 - a, Req); check() } \
  :: d_step { /* ServeReq */ \
       qlen[a] > 0 && q[a].slot[0] == Req && cred[a] > 0 -> \
       pop(a); ret[a]++; cred[a]--; push(1 - a, Rsp); check() } \
  :: d_step { /* SinkRsp */ \
       qlen[a] > 0 && q[a].slot[0] == Rsp -> \
       pop(a); ret[a]++; outs[a]--; check() } \
  :: d_step { /* ReturnCredits */ \
       ret[a] > 0 -> \
       cred[1 - a] = cred[1 - a] + ret[a]; ret[a] = 0; check() }

active proctype link()
{
  do
  AGENT_RULES(0)
  AGENT_RULES(1)
  od
}
