-- German's cache-coherence protocol, data-free variant, for Rumur.
-- Transcribed from /work/shared/reference/german.md (chipcheck reference definition).
--
-- No data fields, no memData/auxData, no Store rule, no Data invariant. One initial state per
-- client h with curPtr = h; SendGntS and SendGntE make curPtr undefined again.
--
-- BUG selects a seeded bug (only the two control bugs exist without data):
--   0  correct protocol
--   1  GntE without waiting for all acks  (SendGntE does not require all shrSet[j] false)
--   3  Grant shared while exclusive       (SendGntS does not require not exGntd)

const
  N: 4;     -- number of clients
  BUG: 0;

type
  CLIENT: 1..N;
  CACHE_STATE: enum { I, S, E };
  CMD: enum { Empty, ReqS, ReqE, Inv, GntS, GntE, InvAck };

var
  cache: array [CLIENT] of CACHE_STATE;
  chan1: array [CLIENT] of CMD;   -- client -> home: Empty | ReqS | ReqE
  chan2: array [CLIENT] of CMD;   -- home -> client: Empty | Inv | GntS | GntE
  chan3: array [CLIENT] of CMD;   -- client -> home: Empty | InvAck
  invSet: array [CLIENT] of boolean;
  shrSet: array [CLIENT] of boolean;
  exGntd: boolean;
  curCmd: CMD;
  curPtr: CLIENT;

-- One initial state per client h.
ruleset h: CLIENT do
  startstate "Init"
  begin
    for i: CLIENT do
      chan1[i] := Empty;
      chan2[i] := Empty;
      chan3[i] := Empty;
      cache[i] := I;
      invSet[i] := false;
      shrSet[i] := false;
    endfor;
    exGntd := false;
    curCmd := Empty;
    curPtr := h;
  end;
endruleset;

ruleset i: CLIENT do

  rule "SendReqS"
    chan1[i] = Empty & cache[i] = I
  ==>
  begin
    chan1[i] := ReqS;
  end;

  rule "SendReqE"
    chan1[i] = Empty & (cache[i] = I | cache[i] = S)
  ==>
  begin
    chan1[i] := ReqE;
  end;

  rule "RecvReqS"
    curCmd = Empty & chan1[i] = ReqS
  ==>
  begin
    curCmd := ReqS;
    curPtr := i;
    chan1[i] := Empty;
    for j: CLIENT do
      invSet[j] := shrSet[j];
    endfor;
  end;

  rule "RecvReqE"
    curCmd = Empty & chan1[i] = ReqE
  ==>
  begin
    curCmd := ReqE;
    curPtr := i;
    chan1[i] := Empty;
    for j: CLIENT do
      invSet[j] := shrSet[j];
    endfor;
  end;

  rule "SendInv"
    chan2[i] = Empty & invSet[i] & (curCmd = ReqE | (curCmd = ReqS & exGntd))
  ==>
  begin
    chan2[i] := Inv;
    invSet[i] := false;
  end;

  rule "SendInvAck"
    chan2[i] = Inv & chan3[i] = Empty
  ==>
  begin
    chan2[i] := Empty;
    chan3[i] := InvAck;
    cache[i] := I;
  end;

  rule "RecvInvAck"
    chan3[i] = InvAck & curCmd != Empty
  ==>
  begin
    chan3[i] := Empty;
    shrSet[i] := false;
    if exGntd then
      exGntd := false;
    endif;
  end;

  rule "SendGntS"
    curCmd = ReqS & curPtr = i & chan2[i] = Empty & (BUG = 3 | !exGntd)
  ==>
  begin
    chan2[i] := GntS;
    shrSet[i] := true;
    curCmd := Empty;
    undefine curPtr;
  end;

  rule "SendGntE"
    curCmd = ReqE & curPtr = i & chan2[i] = Empty & !exGntd
    & (BUG = 1 | forall j: CLIENT do !shrSet[j] endforall)
  ==>
  begin
    chan2[i] := GntE;
    shrSet[i] := true;
    exGntd := true;
    curCmd := Empty;
    undefine curPtr;
  end;

  rule "RecvGntS"
    chan2[i] = GntS
  ==>
  begin
    cache[i] := S;
    chan2[i] := Empty;
  end;

  rule "RecvGntE"
    chan2[i] = GntE
  ==>
  begin
    cache[i] := E;
    chan2[i] := Empty;
  end;

endruleset;

invariant "Control"
  forall i: CLIENT do
    forall j: CLIENT do
      i != j ->
        ((cache[i] = E -> cache[j] = I)
         & (cache[i] = S -> (cache[j] = I | cache[j] = S)))
    endforall
  endforall;
