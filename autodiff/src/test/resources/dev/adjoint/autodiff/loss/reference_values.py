# The reference values of LossesTest: PyTorch's definitions (torch.nn.functional, reduction='mean'/'sum') evaluated in 50-digit arithmetic.
from mpmath import mp, mpf, log, exp
mp.dps = 50
def f(x): return repr(float(x))
def mean(v): return sum(v)/len(v)
yh=[mpf('1.5'),mpf('-0.3'),mpf('2.0'),mpf('0.7')]; y=[mpf('0.2'),mpf('0.1'),mpf('-1.0'),mpf('0.65')]
r=[a-b for a,b in zip(yh,y)]
print('mse', f(mean([x*x for x in r])), f(sum(x*x for x in r)))
def huber(x,d): return mpf('0.5')*x*x if abs(x)<d else d*(abs(x)-mpf('0.5')*d)
for d in ['1','1.5']:
  d=mpf(d); v=[huber(x,d) for x in r]; print('huber',d, f(mean(v)), f(sum(v)))
def sl1(x,b): return mpf('0.5')*x*x/b if abs(x)<b else abs(x)-mpf('0.5')*b
v=[sl1(x,mpf('0.5')) for x in r]; print('smoothl1 0.5', f(mean(v)), f(sum(v)))
print('smoothl1 0', f(mean([abs(x) for x in r])))
def lse(v): m=max(v); return m+log(sum(exp(x-m) for x in v))
Z=[[1,2,0.5],[-1,0,3],[0.2,0.2,-2]]; Z=[[mpf(str(x)) for x in row] for row in Z]; L=[1,2,0]
ce=[lse(z)-z[l] for z,l in zip(Z,L)]
print('ce', f(mean(ce)), f(sum(ce)))
G=[[ (exp(z[c]-lse(z)) - (1 if c==l else 0))/3 for c in range(3)] for z,l in zip(Z,L)]
print('ce grad', [f(g) for row in G for g in row])
T=[[0.1,0.7,0.2],[0,0,1],[0.5,0.25,0.25]]; T=[[mpf(str(x)) for x in row] for row in T]
sce=[-sum(t[c]*(z[c]-lse(z)) for c in range(3)) for z,t in zip(Z,T)]
print('soft ce', f(mean(sce)), f(sum(sce)))
Zb=[[mpf(1000),mpf(-1000),mpf(0)],[mpf(-1000),mpf(1000),mpf(999)]]; Lb=[0,2]
ceb=[lse(z)-z[l] for z,l in zip(Zb,Lb)]
print('ce big', f(mean(ceb)), [f(x) for x in ceb])
# rank 3: logits [N=2, C=3, d=2], classes on axis 1, labels [2, 2]
Z3=[[[0.5,-1],[2,0.1],[-0.3,1.2]],[[1,1],[0,-2],[3,0.4]]]; L3=[[2,0],[1,1]]
v=[]
for n in range(2):
  for d in range(2):
    z=[mpf(str(Z3[n][c][d])) for c in range(3)]
    v.append(lse(z)-z[L3[n][d]])
print('ce rank3', f(mean(v)), f(sum(v)))
def softplus(x): return log(1+exp(x))
zb=[mpf('0.5'),mpf(-2),mpf(3),mpf(0)]; tb=[mpf(1),mpf(0),mpf('0.3'),mpf(1)]
# PyTorch: -[y log σ(z) + (1-y) log(1-σ(z))]
sig=lambda x: 1/(1+exp(-x))
b=[-(t*log(sig(z))+(1-t)*log(1-sig(z))) for z,t in zip(zb,tb)]
print('bce', f(mean(b)), f(sum(b)))
zB=[mpf(1000),mpf(-1000),mpf(1000),mpf(-1000)]; tB=[1,0,0,1]
b=[softplus(z)-t*z for z,t in zip(zB,tB)]
print('bce big', f(mean(b)), [f(x) for x in b])
s=[mpf('0.5'),mpf(-2),mpf(3),mpf('0.2')]; yy=[1,-1,-1,1]
h=[max(0,1-t*x) for x,t in zip(s,yy)]
print('hinge', f(mean(h)), f(sum(h)))
h=[max(0,2-t*x) for x,t in zip(s,yy)]
print('hinge margin 2', f(mean(h)), f(sum(h)))
X=[[-1.2,-0.5,-2.0],[-0.1,-3.0,-1.5]]; X=[[mpf(str(x)) for x in row] for row in X]
TT=[[0.2,0.8,0],[0.5,0.25,0.25]]; TT=[[mpf(str(x)) for x in row] for row in TT]
k=[(t*(log(t)-x) if t>0 else 0) for xr,tr in zip(X,TT) for x,t in zip(xr,tr)]
print('kl', f(mean(k)), f(sum(k)))
