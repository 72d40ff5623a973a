-- credit-link benchmark, variant shared (one virtual channel per direction), for Rumur.
-- Transcribed from /work/shared/reference/credit-link.md (chipcheck reference definition).
-- Deadlocks exactly when K <= M (shortest deadlock: 2K rule firings).

const
  K: 2;   -- receive FIFO slots = credits per direction
  M: 2;   -- maximum outstanding requests per agent

type
  AGENT: 0..1;
  SLOT: 0..K-1;
  ENTRY: enum { None, Req, Rsp };
  COUNT: 0..K;
  OUTS: 0..M;

var
  q: array [AGENT] of array [SLOT] of ENTRY;   -- receive FIFO of each agent, head at slot 0
  qlen: array [AGENT] of COUNT;
  cred: array [AGENT] of COUNT;                -- credits held for sending into the peer's FIFO
  ret: array [AGENT] of COUNT;                 -- freed entries not yet returned to the peer
  outs: array [AGENT] of OUTS;                 -- own requests not yet answered

procedure push(b: AGENT; m: ENTRY);
begin
  q[b][qlen[b]] := m;
  qlen[b] := qlen[b] + 1;
end;

procedure pop(b: AGENT);
begin
  for s: SLOT do
    if s < K - 1 then
      q[b][s] := q[b][s + 1];
    endif;
  endfor;
  q[b][K - 1] := None;
  qlen[b] := qlen[b] - 1;
end;

startstate "Init"
begin
  for a: AGENT do
    for s: SLOT do
      q[a][s] := None;
    endfor;
    qlen[a] := 0;
    cred[a] := K;
    ret[a] := 0;
    outs[a] := 0;
  endfor;
end;

ruleset a: AGENT do

  rule "IssueReq"
    outs[a] < M & cred[a] > 0
  ==>
  begin
    cred[a] := cred[a] - 1;
    outs[a] := outs[a] + 1;
    push(1 - a, Req);
  end;

  rule "ServeReq"
    qlen[a] > 0 & q[a][0] = Req & cred[a] > 0
  ==>
  begin
    pop(a);
    ret[a] := ret[a] + 1;
    cred[a] := cred[a] - 1;
    push(1 - a, Rsp);
  end;

  rule "SinkRsp"
    qlen[a] > 0 & q[a][0] = Rsp
  ==>
  begin
    pop(a);
    ret[a] := ret[a] + 1;
    outs[a] := outs[a] - 1;
  end;

  rule "ReturnCredits"
    ret[a] > 0
  ==>
  begin
    cred[1 - a] := cred[1 - a] + ret[a];
    ret[a] := 0;
  end;

endruleset;

invariant "CreditConservation"
  forall a: AGENT do
    cred[a] + qlen[1 - a] + ret[1 - a] = K
  endforall;
