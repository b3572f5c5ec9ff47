(function(){
  function key(td){
    if(!td||td.classList.contains('na')||td.textContent===''){return null;}
    var v=td.getAttribute('data-v');
    if(v!==null&&v!==''){return parseFloat(v);}
    return td.textContent.toLowerCase();
  }
  function sortBy(table,col,desc){
    var tb=table.tBodies[0];if(!tb){return;}
    var rows=Array.prototype.slice.call(tb.rows);
    rows.sort(function(a,b){
      var x=key(a.cells[col]),y=key(b.cells[col]);
      if(x===null&&y===null){return 0;} if(x===null){return 1;} if(y===null){return -1;}
      var c=(typeof x==='number'&&typeof y==='number')?x-y:String(x).localeCompare(String(y));
      return desc?-c:c;
    });
    rows.forEach(function(r){tb.appendChild(r);});
    var ths=table.tHead.rows[0].cells;
    for(var i=0;i<ths.length;i++){ths[i].removeAttribute('aria-sort');}
    ths[col].setAttribute('aria-sort',desc?'descending':'ascending');
  }
  document.querySelectorAll('table.sortable').forEach(function(t){
    var ths=t.tHead.rows[0].cells;
    for(var i=0;i<ths.length;i++){(function(col,th){
      th.addEventListener('click',function(){sortBy(t,col,th.getAttribute('aria-sort')==='ascending');});
    })(i,ths[i]);}
  });
  document.querySelectorAll('button.cols').forEach(function(b){
    b.addEventListener('click',function(){
      var t=document.getElementById(b.getAttribute('data-table'));
      var all=t.classList.toggle('keys')===false;
      b.textContent=all?b.getAttribute('data-fewer'):b.getAttribute('data-more');
    });
  });
  var m=/#sort=([^:]+):(\d+)(:desc)?/.exec(decodeURIComponent(location.hash));
  if(m){var t=document.getElementById(m[1]);if(t){sortBy(t,parseInt(m[2],10),!!m[3]);}}
  document.body.setAttribute('data-ready','1');
})();
