import json
Q=[]
for b in ("batch1","batch2","batch3"):
    Q+=json.load(open("/work/data/qa_eval7/a/src/%s.json"%b,encoding="utf-8"))
OOS=[
"协商会上每个人发言有没有时间限制，一般几分钟？",
"一次协商议事会至少要到多少名委员才算有效？",
"协商议事室门口挂的牌子尺寸、颜色有统一标准吗",
"协商成果交给部门以后，部门要在多少天内书面回复办理情况？",
"委员履职积分一年攒到多少分才算合格？",
"问卷调查能不能整个外包给第三方调查公司来做？",
"村（社区）开协商议事会，参会的群众最少要有几个人？",
"议题征集结果要不要对外公示，公示几天？",
]
data={"about":"枫林县政协“有事来协商”议题调研工作规程（虚构，枫政协办发〔2026〕18号）及德阳2021年实施意见的政策问答留出评测集：34道问题（23道本规程、11道德阳意见）+8道超范围问题。",
"documents":["fenglin-2026-18-yiti-diaoyan.txt","deyang-2021-19-youshilaixieshang.txt"],
"questions":Q,"out_of_scope":OOS}
json.dump(data,open("/work/data/qa_eval7/a/heldout.json","w",encoding="utf-8"),ensure_ascii=False,indent=1)
